package io.mcpmonitor.examples.track;

import io.mcpmonitor.core.record.Monitor;
import java.io.PrintStream;

/**
 * A small program that records its calls by hand with {@code monitor-core}'s {@code track()} API,
 * for code the agent cannot see (a server not built on the MCP Java SDK, a batch job, a library).
 *
 * <p>It calls three tools {@code --calls N} times each over five places, two of which fail in
 * different ways, and exits; {@link Monitor#global()} writes to the store given by
 * {@code MCP_MONITOR_STORE} (else {@code ~/.mcp-monitor}) and flushes at exit. Then:
 * {@code ./mcp-monitor metrics --mcpServer weather-example}.
 *
 * <pre>
 * MCP_MONITOR_STORE=/tmp/store java -jar examples/target/track-example.jar --calls 50
 * </pre>
 */
public final class TrackExample {

    /** A made-up place is a tool error for geocode; a blank one is too, and makes forecast throw. */
    static final String[] PLACES = {"Paris", "Oslo", "Lima", "Atlantis", " "};

    private TrackExample() {
    }

    public static void main(String[] args) {
        int calls = 10;
        String server = "weather-example";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--calls" -> calls = Integer.parseInt(value(args, ++i, "--calls"));
                case "--server" -> server = value(args, ++i, "--server");
                default -> usage("unknown option: " + args[i]);
            }
        }
        if (calls < 0) {
            usage("--calls must be 0 or more, got " + calls);
        }
        run(new WeatherTools(Monitor.global(), server), calls, System.out);
        // Monitor.global() flushes at JVM shutdown: the calls above are in the store after exit.
    }

    static void run(WeatherTools tools, int calls, PrintStream out) {
        int failed = 0;
        for (int i = 0; i < calls; i++) {
            String place = PLACES[i % PLACES.length];
            try {
                tools.forecast(place);
            } catch (Exception e) {
                failed++;
            }
            tools.geocode(place);
            tools.radar(place);
        }
        out.printf("made %d calls to each of forecast, geocode and radar (%d forecasts threw)%n", calls, failed);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("track-example: " + problem);
        System.err.println("usage: java -jar track-example.jar [--calls N] [--server NAME]");
        System.exit(2);
    }
}
