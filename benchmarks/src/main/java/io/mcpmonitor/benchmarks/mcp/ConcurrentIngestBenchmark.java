package io.mcpmonitor.benchmarks.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code track_performance} with one metric per call from N client threads (default 8) over ONE stdio
 * connection to {@code monitor-mcp.jar serve}, as a busy server that is not Java reports its calls:
 * calls per second and the p50/p95 of the round trip. Every answer means the metric is on disk (forced,
 * group-committed). Raw JSON-RPC, one line per message, so no client library limits the concurrency;
 * the same run also measures one thread, the baseline. Run from the repository root after
 * {@code mvn -DskipTests package}:
 * {@code java -cp benchmarks/target/benchmarks.jar io.mcpmonitor.benchmarks.mcp.ConcurrentIngestBenchmark [threads] [seconds]};
 * with {@code -Dmonitor.mcp.shared=true} the connection is a session of {@code serve --shared} (through its
 * relay to the shared sidecar it starts, in a runtime directory of its own, stopped at the end).
 */
public final class ConcurrentIngestBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConcurrentIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String jar = System.getProperty("monitor.mcp.jar", "monitor-mcp/target/monitor-mcp.jar");
        for (int t : new int[] {1, threads}) {
            Path store = Files.createTempDirectory("ingest-bench");
            double[] r = run(jar, store, t, seconds);
            System.out.printf("threads %d: %.0f calls/s, p50 %.1f ms, p95 %.1f ms (%d calls in %d s, load %s)%n",
                    t, r[0], r[1], r[2], (long) r[3], seconds, Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        }
    }

    static double[] run(String jar, Path store, int threads, int seconds) throws Exception {
        boolean shared = Boolean.getBoolean("monitor.mcp.shared");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
                "serve", "--store", store.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        Path runtime = null;
        if (shared) {
            command.add("--shared");
            runtime = Files.createTempDirectory("ingest-bench-run");
            pb.environment().put("MCP_MONITOR_RUNTIME_DIR", runtime.toString());
        }
        Process p = pb.command(command).start();
        OutputStream in = p.getOutputStream();
        Object writeLock = new Object();
        ConcurrentHashMap<Long, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    JsonNode n = JSON.readTree(line);
                    CompletableFuture<JsonNode> f = n.has("id") ? waiting.remove(n.get("id").asLong()) : null;
                    if (f != null) {
                        f.complete(n);
                    }
                }
            } catch (Exception ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        AtomicLong ids = new AtomicLong();
        Call call = (method, params) -> {
            long id = ids.incrementAndGet();
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            waiting.put(id, f);
            String msg = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}\n";
            synchronized (writeLock) {
                in.write(msg.getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            JsonNode answer = f.get(60, TimeUnit.SECONDS);
            if (answer.has("error") || answer.path("result").path("isError").asBoolean()) {
                throw new IllegalStateException("error answer: " + answer);
            }
            return answer;
        };
        call.call("initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}");
        synchronized (writeLock) {
            in.write("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        String metric = "{\"name\":\"track_performance\",\"arguments\":{\"mcpServer\":\"bench\",\"toolName\":\"t\",\"duration\":12,\"success\":true}}";
        for (int i = 0; i < 200; i++) {
            call.call("tools/call", metric); // warm-up
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<long[]> latencies = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            Thread w = new Thread(() -> {
                int n = 0;
                try {
                    while (System.nanoTime() < end && n < mine.length - 1) {
                        long s = System.nanoTime();
                        call.call("tools/call", metric);
                        mine[++n] = System.nanoTime() - s;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    mine[0] = n;
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        in.close();
        p.waitFor(30, TimeUnit.SECONDS);
        p.destroy();
        if (runtime != null) {
            try (var files = Files.list(runtime)) {
                for (Path pid : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                    ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(h -> {
                        h.destroy();
                        h.onExit().join();
                    });
                }
            }
        }
        long total = latencies.stream().mapToLong(l -> l[0]).sum();
        long[] all = new long[(int) total];
        int k = 0;
        for (long[] l : latencies) {
            System.arraycopy(l, 1, all, k, (int) l[0]);
            k += (int) l[0];
        }
        Arrays.sort(all);
        return new double[] {total / elapsed, all[all.length / 2] / 1e6, all[(int) (all.length * 0.95)] / 1e6, total};
    }

    interface Call {
        JsonNode call(String method, String params) throws Exception;
    }
}
