package io.mcpmonitor.examples.track;

import io.mcpmonitor.core.record.Call;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import java.util.Locale;
import java.util.Map;

/**
 * Three pretend tools of a "weather" server that is not built on the MCP Java SDK, so the agent
 * cannot see its calls: each one is timed by hand with a different form of the {@code track()} API.
 *
 * <ul>
 *   <li>{@link #forecast}: {@link Monitor#track(String, String, java.util.concurrent.Callable)} wraps
 *       the work; a thrown exception is recorded as {@code exception} with its class and rethrown;</li>
 *   <li>{@link #geocode}: {@link Monitor#start} and try-with-resources, saying how the call ended
 *       ({@link Call#toolError} for an answer that is an error, as MCP's {@code isError: true});</li>
 *   <li>{@link #radar}: a duration the caller measured itself, given to
 *       {@link Monitor#record(String, String, long, Outcome)} (allocation-free).</li>
 * </ul>
 *
 * <p>Thread-safe if the monitor is (it is).
 */
public final class WeatherTools {

    private static final Map<String, double[]> PLACES = Map.of(
            "paris", new double[] {48.86, 2.35},
            "oslo", new double[] {59.91, 10.75},
            "lima", new double[] {-12.05, -77.04});

    private final Monitor monitor;
    private final String server;

    public WeatherTools(Monitor monitor, String server) {
        this.monitor = monitor;
        this.server = server;
    }

    /** A forecast; throws {@link IllegalArgumentException} for a blank city (recorded as {@code exception}). */
    public String forecast(String city) throws Exception {
        return monitor.track(server, "forecast", () -> {
            if (city.isBlank()) {
                throw new IllegalArgumentException("city must not be blank");
            }
            work(2);
            return "sunny in " + city;
        });
    }

    /** Coordinates, or a tool error for a place it does not know (recorded as {@code tool_error}). */
    public String geocode(String city) {
        try (Call call = monitor.start(server, "geocode")) {
            work(1);
            double[] at = PLACES.get(city.toLowerCase(Locale.ROOT));
            if (at == null) {
                String message = "unknown place: " + city;
                call.toolError(message);
                return message;
            }
            return at[0] + "," + at[1];
        }
    }

    /** A radar image size, timed by the caller and recorded as one finished call. */
    public int radar(String city) {
        long start = System.nanoTime();
        work(1);
        int bytes = 1024 + city.length();
        monitor.record(server, "radar", System.nanoTime() - start, Outcome.SUCCESS);
        return bytes;
    }

    // Stands in for real work: a short sleep, so durations look like those of a remote call.
    private static void work(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
