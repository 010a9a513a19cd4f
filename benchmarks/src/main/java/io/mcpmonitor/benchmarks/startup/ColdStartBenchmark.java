package io.mcpmonitor.benchmarks.startup;

import io.mcpmonitor.benchmarks.store.BusyStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a person waits for when an MCP client starts the sidecar for a session: spawn → {@code initialize}
 * answered, and the first {@code get_metrics} (p95, all series, 24 h), {@code detect_anomalies} (24 h)
 * and {@code get_performance_dashboard} of a fresh process — each in a process of its own — side by side
 * in one run with a bare JVM answering one line ({@link StdioFloor}, the floor), with the JVM's default
 * flags and with the launcher's flags ({@link #launcherFlags()}, as {@code ./mcp-monitor} and the
 * documented client configuration use them). Median of {@code --runs} (default 5) per figure.
 *
 * <p>The store is the benchmark's 300 busy series over the 24 h ending now, written as writers write
 * it (one flush a minute), with no compaction by a sidecar before the measurement ({@code --compacted}: after one
 * compaction, as the first session's sidecar leaves it for every later one). Generated once per
 * run (1–3 min). Each fresh process gets a snapshot of it as the writer left it (minute files hard-linked,
 * the rest copied), because a sidecar starts compacting once it has answered, and the next process would
 * otherwise meet a store half compacted by the one before. {@code --after-session} measures the first answers
 * a second time after one earlier session ran on the store and ended (it answered {@code detect_anomalies}, so
 * its background detectors' checkpoint is there), as every session after the first meets the store. Raw
 * JSON-RPC over the child's stdin/stdout: no client library in the measured path.
 *
 * <p>Run from the repository root after {@code mvn -DskipTests package}:
 * {@code java -cp benchmarks/target/benchmarks.jar io.mcpmonitor.benchmarks.startup.ColdStartBenchmark}.
 */
public final class ColdStartBenchmark {

    /** The launcher's JVM flags for {@code serve} beyond the archive: its {@code serve_flags=(...)} line. */
    static List<String> launcherFlags() throws IOException {
        for (String line : Files.readAllLines(Path.of("mcp-monitor"))) {
            if (line.startsWith("serve_flags=(") && line.endsWith(")")) {
                return List.of(line.substring("serve_flags=(".length(), line.length() - 1).trim().split("\\s+"));
            }
        }
        throw new IllegalStateException("no serve_flags=(...) line in ./mcp-monitor: run from the repository root");
    }

    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"cold-start\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        boolean launcherOnly = false;
        boolean compacted = false;
        boolean afterSession = false;
        boolean shared = false;
        boolean sharedOnly = false;
        Path kept = null;
        String jar = "monitor-mcp/target/monitor-mcp.jar";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--jar" -> jar = args[++i];
                case "--launcher-only" -> launcherOnly = true;
                case "--compacted" -> compacted = true;
                case "--after-session" -> afterSession = true;
                case "--shared" -> shared = true;
                case "--shared-only" -> {
                    shared = true;
                    sharedOnly = true;
                }
                case "--store" -> kept = Path.of(args[++i]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--runs N, --jar PATH, --launcher-only: skip the JVM-defaults column, --store DIR: write the"
                        + " store there and keep it, or reuse it if it is there, for checks minutes apart, --compacted: compact it once"
                        + " first, as a sidecar leaves it for the next session, --after-session: also measure the first answers"
                        + " after one earlier sidecar session ran on the store and ended, leaving its detector checkpoint,"
                        + " --shared: also sessions of serve --shared, --shared-only: only those)");
            }
        }
        Path jarPath = Path.of(jar).toAbsolutePath();
        if (!Files.isRegularFile(jarPath)) {
            throw new IllegalStateException(jarPath + " not found: run from the repository root after mvn -DskipTests package");
        }
        Path archive = jarPath.resolveSibling("monitor-mcp.jsa");
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Path store = kept != null ? kept : Files.createTempDirectory("cold-start-store");
        if (kept != null && Files.isDirectory(kept.resolve("minute"))) {
            System.out.printf("store: %s, reused (written before, ending up to minutes ago)%n", store);
        } else {
            long t0 = System.nanoTime();
            BusyStore.Generated g = BusyStore.write(store, end.minus(BusyStore.SPAN).toEpochMilli(),
                    (int) BusyStore.SPAN.toMinutes(), 60, BusyStore.SEED);
            System.out.printf("store: %s, %s, written in %.0f s by a writer (its hour summaries included), not compacted%n",
                    store, g, (System.nanoTime() - t0) / 1e9);
        }
        if (compacted) {
            // what a user meets from the second session on: the first sidecar consolidated the closed hours
            long t0 = System.nanoTime();
            io.mcpmonitor.core.store.Compactor.Result c = new io.mcpmonitor.core.store.Compactor(
                    io.mcpmonitor.core.store.Store.open(store), io.mcpmonitor.core.store.Retention.DEFAULT)
                    .compact(System.currentTimeMillis(), false);
            System.out.printf("store compacted in %.0f s: %d hour rollups, %d day rollups%n", (System.nanoTime() - t0) / 1e9,
                    c.hourRollups(), c.dayRollups());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> defaults = List.of(java, "-jar", jarPath.toString(), "serve", "--store", STORE);
        List<String> launcher = new ArrayList<>(List.of(java));
        launcher.addAll(launcherFlags());
        if (Files.isRegularFile(archive)) {
            launcher.add("-XX:SharedArchiveFile=" + archive);
        }
        launcher.addAll(List.of("-jar", jarPath.toString(), "serve", "--store", STORE));
        pristine = store;
        List<String> floor = List.of(java, "-cp", System.getProperty("java.class.path"), StdioFloor.class.getName());

        String from = end.minus(BusyStore.SPAN).toString();
        String to = end.plus(1, ChronoUnit.MINUTES).toString();
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("get_metrics p95 24 h", call("get_metrics", "{\"aggregation\":\"p95\",\"startTime\":\"" + from
                + "\",\"endTime\":\"" + to + "\"}"));
        queries.put("detect_anomalies 24 h", call("detect_anomalies", "{\"lookbackWindow\":\"24h\"}"));
        queries.put("get_performance_dashboard", call("get_performance_dashboard", "{}"));

        if (shared) {
            sharedSessions(runs, launcher, queries);
        }
        if (sharedOnly) {
            return;
        }
        System.out.printf("%nmedian of %d fresh processes, ms (load %s)%n", runs, load());
        boolean both = !launcherOnly;
        System.out.printf("%-34s %10s %10s %10s%n", "", "floor", "defaults", "launcher");
        double floorAnswer = median(runs, () -> initialize(floor));
        System.out.printf("%-34s %10.0f %10s %10.0f%n", "spawn -> initialize answered", floorAnswer,
                both ? String.format("%.0f", median(runs, () -> initialize(defaults))) : "-", median(runs, () -> initialize(launcher)));
        System.out.println("-- no sidecar has run on the store");
        answers(runs, both, floorAnswer, queries, defaults, launcher);
        if (afterSession) {
            Path earlier = earlierSession(launcher, queries.get("detect_anomalies 24 h"));
            System.out.println("-- after one earlier session (it answered detect_anomalies 24 h and ended; the store as it left it)");
            answers(runs, both, floorAnswer, queries, defaults, launcher);
            deleteRecursively(earlier);
        }
        System.out.println("(first X: from sending the request, after initialize, to its answer, each in a fresh process;"
                + " spawn -> first X: the whole wait; floor: a bare JVM answering one line)");
        System.out.printf("archive %s: %s%n", archive, Files.isRegularFile(archive) ? Files.size(archive) + " bytes" : "absent");
    }

    /**
     * Runs one sidecar session on a snapshot of the store (initialize, {@code request}, then stdin closed, as a
     * client ends a session) and waits for it to exit, so its detector checkpoint is written; from then on each
     * fresh process gets a snapshot of the store as that session left it. Returns that store.
     */
    private static Path earlierSession(List<String> command, String request) throws Exception {
        Path left = snapshot(pristine);
        List<String> resolved = command.stream().map(a -> a.equals(STORE) ? left.toString() : a).toList();
        Process p = new ProcessBuilder(resolved).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String m : List.of(INIT, INITIALIZED, request)) {
                in.write((m + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
                if (!m.equals(INITIALIZED)) {
                    String line;
                    while ((line = out.readLine()) != null && !line.contains("\"id\"")) {
                        // a notification
                    }
                }
            }
            long t0 = System.nanoTime();
            in.close();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the earlier session did not end within 300 s of its stdin closing");
            }
            Path checkpoint = left.resolve("detect").resolve("auto-medium.state");
            System.out.printf("earlier session ended %.1f s after its stdin closed; checkpoint: %s%n", (System.nanoTime() - t0) / 1e9,
                    Files.isRegularFile(checkpoint) ? Files.size(checkpoint) + " bytes" : "none");
        }
        pristine = left;
        return left;
    }

    private static void answers(int runs, boolean both, double floorAnswer, Map<String, String> queries, List<String> defaults,
                                List<String> launcher) throws Exception {
        for (Map.Entry<String, String> q : queries.entrySet()) {
            System.out.printf("%-34s %10s %10s %10.0f%n", "first " + q.getKey(), "",
                    both ? String.format("%.0f", median(runs, () -> firstAnswer(defaults, q.getValue()))) : "-",
                    median(runs, () -> firstAnswer(launcher, q.getValue())));
        }
        for (Map.Entry<String, String> q : queries.entrySet()) {
            System.out.printf("%-34s %10.0f %10s %10.0f%n", "spawn -> first " + q.getKey(), floorAnswer,
                    both ? String.format("%.0f", median(runs, () -> spawnToAnswer(defaults, q.getValue()))) : "-",
                    median(runs, () -> spawnToAnswer(launcher, q.getValue())));
        }
    }

    /**
     * Sessions of {@code serve --shared} ({@code launcher} with that option): the first one starts the shared
     * sidecar over a fresh snapshot of the store and asks each question once, in the order given (so its
     * figures are those of a sidecar that has just started); then every later session is a fresh process
     * that relays to the sidecar, which has the store loaded and its detectors learned. Its own runtime
     * directory, so no sidecar from elsewhere answers; the sidecar is stopped at the end.
     */
    private static void sharedSessions(int runs, List<String> launcher, Map<String, String> queries) throws Exception {
        Path runtime = Files.createTempDirectory("cold-start-shared");
        Path store = snapshot(pristine);
        List<String> command = new ArrayList<>(launcher.stream().map(a -> a.equals(STORE) ? store.toString() : a).toList());
        command.add(command.indexOf("serve") + 1, "--shared");
        Map<String, String> env = Map.of("MCP_MONITOR_RUNTIME_DIR", runtime.toString());
        System.out.printf("%nserve --shared, ms (load %s)%n", load());
        try {
            System.out.printf("%-44s", "first session, starting the shared sidecar:");
            try (Child c = new Child(command, env)) {
                c.send(INIT);
                c.answer();
                System.out.printf(" initialize %.0f", (System.nanoTime() - c.spawnedNanos) / 1e6);
                c.send(INITIALIZED);
                for (Map.Entry<String, String> q : queries.entrySet()) {
                    long t0 = System.nanoTime();
                    c.send(q.getValue());
                    c.answer();
                    System.out.printf(", %s %.0f", q.getKey(), (System.nanoTime() - t0) / 1e6);
                }
            }
            System.out.println();
            System.out.printf("later sessions, each a fresh process, median of %d:%n", runs);
            System.out.printf("%-34s %10.0f%n", "spawn -> initialize answered", median(runs, () -> initialize(command, env)));
            for (Map.Entry<String, String> q : queries.entrySet()) {
                System.out.printf("%-34s %10.0f%n", "first " + q.getKey(), median(runs, () -> firstAnswer(command, env, q.getValue())));
            }
            for (Map.Entry<String, String> q : queries.entrySet()) {
                System.out.printf("%-34s %10.0f%n", "spawn -> first " + q.getKey(), median(runs, () -> spawnToAnswer(command, env, q.getValue())));
            }
            System.out.printf("shared sidecar: resident %s%n", resident(runtime));
        } finally {
            stopSharedSidecars(runtime);
            deleteRecursively(store);
            deleteRecursively(runtime);
        }
    }

    /** The resident memory of the sidecars whose pid files are in {@code runtime}. */
    private static String resident(Path runtime) throws IOException, InterruptedException {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(runtime)) {
            for (Path pid : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
                String id = Files.readString(pid).trim();
                for (String line : Files.readAllLines(Path.of("/proc", id, "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        b.append(line.substring("VmRSS:".length()).trim()).append(" (pid ").append(id).append(")");
                    }
                }
                // the live heap: what a full collection keeps (jcmd of the same JDK)
                Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
                if (Files.isExecutable(jcmd)) {
                    new ProcessBuilder(jcmd.toString(), id, "GC.run").redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                    Process info = new ProcessBuilder(jcmd.toString(), id, "GC.heap_info").redirectErrorStream(true).start();
                    for (String line : new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        if (line.contains("total") && line.contains("used")) {
                            // one line per generation: the name, then its committed and used sizes
                            b.append("; after a full GC ").append(line.trim().replaceAll("\\s*\\[.*$", ""));
                        }
                    }
                    info.waitFor();
                }
                b.append(' ');
            }
        }
        return b.toString();
    }

    /** Stops (SIGTERM, then waits) every shared sidecar whose pid file is in {@code runtime}. */
    public static void stopSharedSidecars(Path runtime) throws IOException {
        try (var files = Files.list(runtime)) {
            for (Path pid : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(h -> {
                    h.destroy();
                    try {
                        h.onExit().get(60, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        h.destroyForcibly();
                    }
                });
            }
        }
    }

    private static String call(String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":"
                + arguments + "}}";
    }

    /** Stands for the store in a command: each process gets a fresh snapshot of {@link #pristine} there. */
    private static final String STORE = "<store>";
    private static Path pristine;

    /**
     * A snapshot of the store as the writer left it: directories made anew, minute files (never changed in
     * place: a compaction writes new files and deletes the old) hard-linked, everything else copied.
     */
    private static Path snapshot(Path from) throws IOException {
        Path to = Files.createTempDirectory(from.getParent(), from.getFileName() + "-run");
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (p.startsWith(from.resolve("minute"))) {
                    try {
                        Files.createLink(target, p);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(p, target);
                    }
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    interface Measure {
        double millis() throws Exception;
    }

    private static double median(int runs, Measure m) throws Exception {
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            t[i] = m.millis();
        }
        Arrays.sort(t);
        return runs % 2 == 1 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
    }

    /** Spawn to the answer of {@code initialize}. */
    private static double initialize(List<String> command) throws IOException, InterruptedException {
        return initialize(command, Map.of());
    }

    private static double initialize(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        try (Child c = new Child(command, env)) {
            c.send(INIT);
            c.answer();
            return (System.nanoTime() - c.spawnedNanos) / 1e6;
        }
    }

    /** After initialize: from sending {@code request} to its answer. */
    private static double firstAnswer(List<String> command, String request) throws IOException, InterruptedException {
        return firstAnswer(command, Map.of(), request);
    }

    private static double firstAnswer(List<String> command, Map<String, String> env, String request)
            throws IOException, InterruptedException {
        try (Child c = new Child(command, env)) {
            c.send(INIT);
            c.answer();
            c.send(INITIALIZED);
            long t0 = System.nanoTime();
            c.send(request);
            c.answer();
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    /** Spawn, initialize, then {@code request}: the whole wait of a session's first question. */
    private static double spawnToAnswer(List<String> command, String request) throws IOException, InterruptedException {
        return spawnToAnswer(command, Map.of(), request);
    }

    private static double spawnToAnswer(List<String> command, Map<String, String> env, String request)
            throws IOException, InterruptedException {
        try (Child c = new Child(command, env)) {
            c.send(INIT);
            c.answer();
            c.send(INITIALIZED);
            c.send(request);
            c.answer();
            return (System.nanoTime() - c.spawnedNanos) / 1e6;
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** A child process spoken to with one JSON message per line. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final OutputStream in;
        private final BufferedReader out;
        private final Path store;
        // taken once the snapshot is made, just before the spawn: what the measured wait starts from
        final long spawnedNanos;

        Child(List<String> command) throws IOException {
            this(command, Map.of());
        }

        Child(List<String> command, Map<String, String> env) throws IOException {
            store = command.contains(STORE) ? snapshot(pristine) : null;
            List<String> resolved = command.stream().map(a -> a.equals(STORE) ? store.toString() : a).toList();
            ProcessBuilder pb = new ProcessBuilder(resolved).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().putAll(env);
            spawnedNanos = System.nanoTime();
            process = pb.start();
            in = process.getOutputStream();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        void send(String message) throws IOException {
            in.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        /** The next line that answers a request (skips notifications the server sends). */
        String answer() throws IOException {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains("\"id\"")) {
                    if (line.contains("\"error\"")) {
                        throw new IOException("error answer: " + line);
                    }
                    return line;
                }
            }
            throw new IOException("the process closed its output before answering");
        }

        @Override
        public void close() throws InterruptedException, IOException {
            try {
                in.close();
            } catch (IOException ignored) {
                // already gone
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
            if (store != null) {
                deleteRecursively(store);
            }
        }
    }
}
