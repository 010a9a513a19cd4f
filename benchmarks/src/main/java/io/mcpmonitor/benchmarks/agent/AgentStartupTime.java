package io.mcpmonitor.benchmarks.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JVM start-up time of example-server with and without the agent. Start-up is the time
 * from launching {@code java} to the server's answer to {@code initialize} over stdio (ready to serve), and to
 * the answer to the first {@code tools/call} (which also loads, and with the agent instruments, the SDK's
 * validator). Variants run interleaved, so machine load affects them alike; medians are reported.
 * Target: under +300 ms.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.mcpmonitor.benchmarks.agent.AgentStartupTime [runs]
 *     (from the repository root after mvn package; -Dmonitor.agent.jar=... -Dexample.server.jar=... to override)
 * </pre>
 *
 * <p>{@code -Dmonitor.agent.baseline.jar=OTHER.jar} adds that agent jar (an older build, say) as two more
 * variants, interleaved with the others in the same run, with the ratio of its medians to this agent's: on a
 * loaded machine only such a comparison within one run means anything.
 */
public final class AgentStartupTime {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"startup\","
            + "\"version\":\"1\"}}}\n";
    private static final String FIRST_CALL = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
            + "\"arguments\":{\"text\":\"x\"}}}\n";

    private AgentStartupTime() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path agent = existing(System.getProperty("monitor.agent.jar", "monitor-agent/target/monitor-agent.jar"));
        Path server = existing(System.getProperty("example.server.jar", "examples/target/example-server.jar"));
        Path store = Files.createTempDirectory("startup-store");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("without agent", List.of(java, "-jar", server.toString()));
        variants.put("with agent", List.of(java, "-javaagent:" + agent + "=store=" + store, "-jar", server.toString()));
        variants.put("agent enabled=false", List.of(java, "-javaagent:" + agent + "=enabled=false", "-jar",
                server.toString()));
        String baselineJar = System.getProperty("monitor.agent.baseline.jar");
        if (baselineJar != null) {
            Path baseline = existing(baselineJar);
            variants.put("baseline agent", List.of(java, "-javaagent:" + baseline + "=store=" + store, "-jar",
                    server.toString()));
            variants.put("baseline enabled=false", List.of(java, "-javaagent:" + baseline + "=enabled=false", "-jar",
                    server.toString()));
        }

        Map<String, List<double[]>> results = new LinkedHashMap<>();
        variants.keySet().forEach(k -> results.put(k, new ArrayList<>()));
        for (Map.Entry<String, List<String>> v : variants.entrySet()) {
            measure(v.getValue()); // warm the OS file cache; not counted
        }
        for (int i = 0; i < runs; i++) {
            for (Map.Entry<String, List<String>> v : variants.entrySet()) {
                results.get(v.getKey()).add(measure(v.getValue()));
            }
        }

        System.out.printf("%d runs each, interleaved; java %s, %d cpus%n%n", runs, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| variant | initialize, median ms | p90 ms | first tools/call, median ms | p90 ms |");
        System.out.println("|---|---|---|---|---|");
        double[] base = null;
        for (Map.Entry<String, List<double[]>> r : results.entrySet()) {
            double[] row = {median(r.getValue(), 0), p90(r.getValue(), 0), median(r.getValue(), 1),
                p90(r.getValue(), 1)};
            if (base == null) {
                base = row;
            }
            System.out.printf("| %s | %.0f (%+.0f) | %.0f | %.0f (%+.0f) | %.0f |%n", r.getKey(), row[0],
                    row[0] - base[0], row[1], row[2], row[2] - base[2], row[3]);
        }
        if (results.containsKey("baseline agent")) {
            System.out.printf("%nthis agent / baseline, ratio of medians: initialize %.3f, first tools/call %.3f%n",
                    median(results.get("with agent"), 0) / median(results.get("baseline agent"), 0),
                    median(results.get("with agent"), 1) / median(results.get("baseline agent"), 1));
        }
    }

    /** Milliseconds to the initialize answer and to the first tools/call answer. */
    private static double[] measure(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            in.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
            in.flush();
            require(out.readLine());
            double initialized = (System.nanoTime() - start) / 1e6;
            in.write(FIRST_CALL.getBytes(StandardCharsets.UTF_8));
            in.flush();
            require(out.readLine());
            double firstCall = (System.nanoTime() - start) / 1e6;
            in.close();
            p.waitFor();
            return new double[] {initialized, firstCall};
        } finally {
            p.destroyForcibly();
        }
    }

    private static void require(String line) {
        if (line == null || !line.startsWith("{\"jsonrpc\"")) {
            throw new IllegalStateException("unexpected server output: " + line);
        }
    }

    private static double median(List<double[]> values, int column) {
        return percentile(values, column, 0.5);
    }

    private static double p90(List<double[]> values, int column) {
        return percentile(values, column, 0.9);
    }

    private static double percentile(List<double[]> values, int column, double q) {
        List<Double> v = new ArrayList<>();
        values.forEach(x -> v.add(x[column]));
        Collections.sort(v);
        return v.get((int) Math.min(v.size() - 1, Math.round(q * (v.size() - 1))));
    }

    private static Path existing(String path) {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p.toAbsolutePath() + " not found: run from the repository root after "
                    + "mvn package");
        }
        return p;
    }
}
