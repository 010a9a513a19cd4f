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
 * Target: under +300 ms. "with agent" is a host started again (the agent's weave cache holds its SDK classes);
 * "first start" is one the agent has never seen ({@code cache=off}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.mcpmonitor.benchmarks.agent.AgentStartupTime [runs]
 *     (from the repository root after mvn package; -Dmonitor.agent.jar=... -Dexample.server.jar=... to override)
 * </pre>
 *
 * <p>{@code -Dmonitor.agent.baseline.jar=OTHER.jar} adds that agent jar (an older build, say) as two more
 * variants, interleaved with the others in the same run, with the ratio of its medians to this agent's: on a
 * loaded machine only such a comparison within one run means anything.
 *
 * <p>On Linux it also reports the CPU time each variant spent to the first tools/call answer, from
 * {@code /proc/PID/task/TID/schedstat} polled every 4 ms while the run lasts (so threads that end are counted at
 * their last reading): the whole process, the agent's {@code mcp-monitor-init} thread, and the host's own threads
 * ({@code main} and the SDK's request threads, {@code pool-*}). CPU is what a loaded machine distorts least.
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
        // The agent keeps what it wove in its weave cache; the first (uncounted) run fills this one, so "with agent"
        // is a host started again, and "first start" one the agent never saw (no cache).
        Path cache = store.resolveSibling(store.getFileName() + "-weave-cache");
        variants.put("with agent", List.of(java, "-javaagent:" + agent + "=store=" + store + ",cache=" + cache, "-jar",
                server.toString()));
        variants.put("with agent, first start (cache=off)", List.of(java, "-javaagent:" + agent + "=store=" + store
                + ",cache=off", "-jar", server.toString()));
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
        cpuTable = new LinkedHashMap<>();
        variants.keySet().forEach(k -> cpuTable.put(k, new ArrayList<>()));
        variants.keySet().forEach(k -> results.put(k, new ArrayList<>()));
        for (Map.Entry<String, List<String>> v : variants.entrySet()) {
            measure(v.getValue()); // warm the OS file cache; not counted
        }
        for (int i = 0; i < runs; i++) {
            for (Map.Entry<String, List<String>> v : variants.entrySet()) {
                double[] r = measure(v.getValue());
                results.get(v.getKey()).add(new double[] {r[0], r[1]});
                if (r.length > 2) {
                    cpuTable.get(v.getKey()).add(new double[] {r[2], r[3], r[4]});
                }
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
            // Runs are interleaved, so run i of each variant met the same moment of the machine: the ratio of each
            // such pair is a paired sample, and the order statistics of the pairs bound their median without
            // assuming any distribution (a sign-test interval).
            System.out.printf("paired, run by run: initialize %s, first tools/call %s%n",
                    pairedRatio(results.get("with agent"), results.get("baseline agent"), 0),
                    pairedRatio(results.get("with agent"), results.get("baseline agent"), 1));
            String first = "with agent, first start (cache=off)";
            System.out.printf("first start / baseline, paired: initialize %s, first tools/call %s%n",
                    pairedRatio(results.get(first), results.get("baseline agent"), 0),
                    pairedRatio(results.get(first), results.get("baseline agent"), 1));
        }
        if (cpuTable.values().stream().noneMatch(List::isEmpty)) {
            System.out.println();
            System.out.println("| variant | CPU to the first tools/call, median ms: whole process | mcp-monitor-init | host main + request threads |");
            System.out.println("|---|---|---|---|");
            for (Map.Entry<String, List<double[]>> r : cpuTable.entrySet()) {
                System.out.printf("| %s | %.0f | %.0f | %.0f |%n", r.getKey(), median(r.getValue(), 0),
                        median(r.getValue(), 1), median(r.getValue(), 2));
            }
            if (cpuTable.containsKey("baseline agent")) {
                List<double[]> now = cpuTable.get("with agent");
                List<double[]> old = cpuTable.get("baseline agent");
                System.out.printf("%nthis agent / baseline, ratio of median CPU: whole process %.3f, init thread %.3f, "
                        + "host threads %.3f%n", median(now, 0) / median(old, 0), median(now, 1) / median(old, 1),
                        median(now, 2) / median(old, 2));
            }
        }
    }

    // variant -> per run: CPU ms of the whole process, of the init thread, of the host's main and request threads
    private static Map<String, List<double[]>> cpuTable;

    /**
     * Milliseconds to the initialize answer and to the first tools/call answer, then, where {@code /proc} has them,
     * the CPU milliseconds to that answer of the whole process, the init thread and the host's threads.
     */
    private static double[] measure(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ThreadCpu cpu = new ThreadCpu(p.pid());
        cpu.start();
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
            double[] threads = cpu.finish();
            in.close();
            p.waitFor();
            return threads == null ? new double[] {initialized, firstCall}
                    : new double[] {initialized, firstCall, threads[0], threads[1], threads[2]};
        } finally {
            cpu.finish();
            p.destroyForcibly();
        }
    }

    /** Polls the CPU time of every thread of one process from {@code /proc}; the last reading of each thread counts. */
    private static final class ThreadCpu extends Thread {
        private final Path tasks;
        private final Map<String, String> names = new java.util.HashMap<>();
        private final Map<String, Long> nanos = new java.util.HashMap<>();
        private volatile boolean running = true;
        private double[] result;

        ThreadCpu(long pid) {
            super("cpu-poll");
            setDaemon(true);
            this.tasks = Path.of("/proc", Long.toString(pid), "task");
        }

        @Override
        public void run() {
            while (running) {
                poll();
                try {
                    Thread.sleep(4);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private synchronized void poll() {
            try (var dirs = Files.list(tasks)) {
                for (Path task : (Iterable<Path>) dirs::iterator) {
                    try {
                        String tid = task.getFileName().toString();
                        String stat = Files.readString(task.resolve("schedstat"));
                        nanos.put(tid, Long.parseLong(stat.substring(0, stat.indexOf(' '))));
                        // A new thread has its creator's name ("java") until it names itself: read again till then.
                        if (!names.containsKey(tid) || names.get(tid).equals("java")) {
                            names.put(tid, comm(task));
                        }
                    } catch (IOException | RuntimeException e) {
                        // the thread ended between listing and reading: its last reading stands
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended
            }
        }

        private static String comm(Path task) {
            try {
                return Files.readString(task.resolve("comm")).trim();
            } catch (IOException e) {
                return "?";
            }
        }

        /** Whole process, init thread, host threads (CPU ms), or null without {@code /proc}; idempotent. */
        synchronized double[] finish() {
            if (running) {
                running = false;
                poll();
                if (!nanos.isEmpty()) {
                    double whole = 0;
                    double init = 0;
                    double host = 0;
                    for (Map.Entry<String, Long> e : nanos.entrySet()) {
                        String name = names.getOrDefault(e.getKey(), "?");
                        double ms = e.getValue() / 1e6;
                        whole += ms;
                        if (name.startsWith("mcp-monitor-ini")) {
                            init += ms;
                        } else if (name.equals("java") || name.startsWith("pool-")) {
                            host += ms;
                        }
                    }
                    result = new double[] {whole, init, host};
                }
            }
            return result;
        }
    }

    private static void require(String line) {
        if (line == null || !line.startsWith("{\"jsonrpc\"")) {
            throw new IllegalStateException("unexpected server output: " + line);
        }
    }

    /**
     * The median of the ratios {@code a[i] / b[i]} and a distribution-free interval of at least 95 % around it: the
     * k-th smallest and k-th largest ratio, k the largest with P(Binomial(n, 1/2) < k) <= 2.5 %.
     */
    static String pairedRatio(List<double[]> a, List<double[]> b, int column) {
        int n = Math.min(a.size(), b.size());
        double[] ratios = new double[n];
        for (int i = 0; i < n; i++) {
            ratios[i] = a.get(i)[column] / b.get(i)[column];
        }
        java.util.Arrays.sort(ratios);
        double median = n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
        int k = 0;
        double below = 0; // P(B < k + 1), B ~ Binomial(n, 1/2)
        double term = Math.pow(0.5, n);
        while (k < n / 2) {
            below += term; // adds P(B = k)
            if (below > 0.025) {
                break;
            }
            k++;
            term = term * (n - k + 1) / k;
        }
        if (k == 0) {
            return String.format("median %.3f (too few runs for an interval)", median);
        }
        return String.format("median %.3f, 95 %% interval %.3f-%.3f (%d pairs)", median, ratios[k - 1], ratios[n - k], n);
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
