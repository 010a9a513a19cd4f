package io.mcpmonitor.core.record;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.CallRecord;
import io.mcpmonitor.core.store.ErrorCount;
import io.mcpmonitor.core.store.HistogramFormat;
import io.mcpmonitor.core.store.ProcessRecord;
import io.mcpmonitor.core.store.RecordSink;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.SparseHistogram;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreWriter;
import io.mcpmonitor.core.store.WriterIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Records MCP tool calls and flushes them to the store. The entry point for manual use:
 *
 * <pre>{@code
 * Monitor monitor = Monitor.global();                 // store from MCP_MONITOR_STORE or ~/.mcp-monitor
 * String answer = monitor.track("weather", "forecast", () -> forecast(city));
 *
 * try (Call call = monitor.start("weather", "forecast")) {
 *     Result r = forecast(city);
 *     if (r.isError()) call.toolError(r.message());
 * }
 *
 * monitor.record("weather", "forecast", durationNanos, Outcome.SUCCESS);
 * }</pre>
 *
 * <p><b>Thread-safety:</b> every method may be called from any number of threads. <b>Hot path:</b>
 * {@link #record(String, String, long, Outcome)} and {@link ToolTimer#record(long, Outcome)} are
 * lock-free and allocate nothing once the series exists (HdrHistogram {@code Recorder}s underneath);
 * the error variants take a short lock on the series' bounded error summary. <b>Bad input on the hot
 * path</b> (null names, negative durations) is dropped and counted in {@link #droppedSamples()},
 * never thrown into the caller. <b>Units:</b> durations are nanoseconds from the monotonic clock.
 *
 * <p>Data is flushed every {@code flushInterval} (10 s by default, aligned to the wall clock so no
 * interval spans two minutes), on {@link #flush()} and on {@link #close()}. If the sink fails, the
 * batch is kept (up to {@value #MAX_PENDING_RECORDS} records) and offered again at the next flush.
 */
public final class Monitor implements AutoCloseable {

    /** Records kept in memory while the store cannot be written; older ones are dropped and counted. */
    public static final int MAX_PENDING_RECORDS = 100_000;

    /**
     * Tool series kept per server; calls to further tools are recorded in the one
     * {@link #OTHER_TOOLS} series of the server, so a server with generated tool names cannot grow
     * the store without bound.
     */
    public static final int MAX_TOOLS_PER_SERVER = 256;

    /** The series of a server's calls to tools beyond {@link #MAX_TOOLS_PER_SERVER}. */
    public static final String OTHER_TOOLS = "(other tools)";

    /**
     * The series of a server's calls to tools it does not have ({@link Outcome#UNKNOWN_TOOL}): a
     * client's typo or a loop over random names never creates a series; the attempted name is kept
     * in the message of the series' error summary ({@code unknown tool: NAME}), grouped and capped
     * like every error summary.
     */
    public static final String UNKNOWN_TOOL = "(unknown tool)";

    /** The name under which a server's operations of one method beyond 256 distinct names are recorded. */
    public static final String OTHER_NAMES = OperationSeries.OTHER_NAMES;

    private static volatile Monitor global;

    // Two-level map so the hot path looks a series up without building a key object.
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, SeriesRecorder>> series = new ConcurrentHashMap<>();
    private final OperationSeries operations = new OperationSeries();
    private final Clock clock;
    private final RecordSink sink;
    private final Duration flushInterval;
    private final Consumer<String> diagnostics;
    private final ProcessSampler sampler;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong droppedSamples = new AtomicLong();
    private final AtomicLong droppedRecords = new AtomicLong();
    private final AtomicLong flushFailures = new AtomicLong();
    // guarded by flushLock
    private final Object flushLock = new Object();
    private final Deque<CallRecord> pending = new ArrayDeque<>();
    private final Histogram scratch = HistogramFormat.newHistogram();
    private final Backfill backfill = new Backfill();
    // guarded by itself
    private final List<ProcessRecord> reported = new ArrayList<>();
    private volatile boolean closed;
    private boolean warnedFailure;
    private final GroupCommit durable = new GroupCommit(this::writeNow);

    private Monitor(Builder b) {
        this.clock = b.clock;
        this.sink = b.sink;
        this.flushInterval = b.flushInterval;
        this.diagnostics = b.diagnostics;
        this.sampler = new ProcessSampler(b.writerId);
        if (b.flushInterval.isZero()) {
            this.scheduler = null;
        } else {
            ScheduledThreadPoolExecutor flusher = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "mcp-monitor-flush");
                t.setDaemon(true);
                return t;
            });
            // At close the next periodic flush is dropped (the final flush replaces it) and one already
            // writing is never interrupted: an interrupt closes the file channel mid-write, which can leave
            // a written line whose records are then kept and written again.
            flusher.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            flusher.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
            this.scheduler = flusher;
            scheduleNextFlush();
        }
    }

    /** A builder for a monitor of one's own (tests, embedding). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The process-wide monitor, made on first use: store from {@code MCP_MONITOR_STORE} or
     * {@code ~/.mcp-monitor}, 10 s flushes, flushed and closed at JVM shutdown.
     */
    public static Monitor global() {
        Monitor m = global;
        if (m == null) {
            synchronized (Monitor.class) {
                m = global;
                if (m == null) {
                    m = builder().build();
                    Monitor shut = m;
                    Runtime.getRuntime().addShutdownHook(new Thread(shut::close, "mcp-monitor-shutdown"));
                    global = m;
                }
            }
        }
        return m;
    }

    /** A handle on one series; cache it to skip the lookup on every call. Never null. */
    public ToolTimer timer(String server, String tool) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(tool, "tool");
        return new ToolTimer(this, seriesFor(server, tool));
    }

    /** Records one finished call. Allocation-free once the series exists. */
    public void record(String server, String tool, long durationNanos, Outcome outcome) {
        if (server == null || tool == null || outcome == null || durationNanos < 0) {
            droppedSamples.incrementAndGet();
            return;
        }
        if (outcome == Outcome.UNKNOWN_TOOL) {
            recordUnknownTool(server, tool, durationNanos, "");
            return;
        }
        seriesFor(server, tool).record(durationNanos, outcome);
    }

    /** A call to a tool the server does not have: in the server's one unknown-tool series, named in its errors. */
    void recordUnknownTool(String server, String attempted, long durationNanos, String errorType) {
        seriesFor(server, UNKNOWN_TOOL).recordError(durationNanos, Outcome.UNKNOWN_TOOL, errorType,
                unknownToolMessage(attempted));
    }

    static String unknownToolMessage(String attempted) {
        return "unknown tool: " + attempted;
    }

    /** Records one finished call that failed, with its error type (e.g. exception class) and message. */
    public void record(String server, String tool, long durationNanos, Outcome outcome, String errorType,
                       String errorMessage) {
        if (server == null || tool == null || outcome == null || durationNanos < 0) {
            droppedSamples.incrementAndGet();
            return;
        }
        if (outcome == Outcome.UNKNOWN_TOOL) {
            recordUnknownTool(server, tool, durationNanos, errorType);
            return;
        }
        SeriesRecorder s = seriesFor(server, tool);
        if (outcome.isError()) {
            s.recordError(durationNanos, outcome, errorType, errorMessage);
        } else {
            s.record(durationNanos, outcome);
        }
    }

    /**
     * Records one finished call of a known client: {@code client} is its label ({@code name/version}), or null
     * when the client did not say (then as {@link #record(String, String, long, Outcome, String, String)}).
     * {@code errorType} and {@code errorMessage} are read for error outcomes only and may be null.
     * Allocation-free on success once the series and the client's counter exist.
     */
    public void record(String server, String tool, String client, long durationNanos, Outcome outcome,
                       String errorType, String errorMessage) {
        if (server == null || tool == null || outcome == null || durationNanos < 0) {
            droppedSamples.incrementAndGet();
            return;
        }
        if (outcome == Outcome.UNKNOWN_TOOL) {
            recordUnknownTool(server, tool, durationNanos, errorType);
            return;
        }
        SeriesRecorder s = seriesFor(server, tool);
        // The client first: a flush between the two then shows the client's count no later than the call.
        if (client != null) {
            s.countClient(client, outcome.isError());
        }
        if (outcome.isError()) {
            s.recordError(durationNanos, outcome, errorType, errorMessage);
        } else {
            s.record(durationNanos, outcome);
        }
    }

    /**
     * Records one finished operation of an MCP method other than tools/call ({@code resources/read},
     * {@code prompts/get}, {@code initialize}; {@link io.mcpmonitor.core.call.McpMethod}): {@code name} is what
     * it was about (a resource's URI template, a prompt's name, the negotiated protocol version), kept as the
     * series' name and capped per server and method. {@code tools/call} is recorded as
     * {@link #record(String, String, String, long, Outcome, String, String)}. Bad input is dropped and counted.
     */
    public void recordOperation(String method, String server, String name, String client, long durationNanos,
                                Outcome outcome, String errorType, String errorMessage) {
        if (method == null || server == null || name == null || outcome == null || durationNanos < 0) {
            droppedSamples.incrementAndGet();
            return;
        }
        if (method.equals(io.mcpmonitor.core.call.McpMethod.TOOLS_CALL)) {
            record(server, name, client, durationNanos, outcome, errorType, errorMessage);
            return;
        }
        SeriesRecorder s = operations.seriesFor(method, server, name);
        if (client != null) {
            s.countClient(client, outcome.isError());
        }
        if (outcome.isError()) {
            s.recordError(durationNanos, outcome, errorType, errorMessage);
        } else {
            s.record(durationNanos, outcome);
        }
    }

    /**
     * Records the size of a call's result, in bytes: what it put into the calling assistant's context. Kept as
     * a second histogram of the series (with the exact total and maximum). Negative sizes are dropped and
     * counted. Lock-free and allocation-free once the series has a measured result.
     */
    public void recordResultSize(String server, String tool, long bytes) {
        if (server == null || tool == null || bytes < 0) {
            droppedSamples.incrementAndGet();
            return;
        }
        seriesFor(server, tool).recordResultSize(bytes);
    }

    /**
     * Records a call that happened at {@code epochMillis} (wall time), for data reported after the
     * fact, such as the {@code track_performance} tool receives. It is stored in its own minute.
     * Not for the hot path: it takes a lock and 8 bytes per call until the next flush.
     */
    public void recordAt(long epochMillis, String server, String tool, long durationNanos, Outcome outcome,
                         String errorType, String errorMessage) {
        if (server == null || tool == null || outcome == null || durationNanos < 0) {
            droppedSamples.incrementAndGet();
            return;
        }
        if (outcome == Outcome.UNKNOWN_TOOL) {
            backfill.add(epochMillis, server, UNKNOWN_TOOL, durationNanos, outcome, errorType, unknownToolMessage(tool));
        } else {
            backfill.add(epochMillis, server, seriesFor(server, tool).tool(), durationNanos, outcome, errorType,
                    errorMessage);
        }
    }

    /**
     * Stores {@code calls} (each in the minute it happened) and {@code processes} (resource usage
     * reported by processes that are not this one) and returns once they are on disk, forced: what
     * this acknowledges survives a crash. Concurrent callers share one write (group commit).
     *
     * @throws IOException if the store cannot be written (read-only, full): then none of them was
     *                     stored, and a retry counts nothing twice
     */
    public void recordDurably(List<ReportedCall> calls, List<ProcessRecord> processes) throws IOException {
        durable.commit(calls, processes);
    }

    /** Stores resource usage reported by a process that is not this one, at the next flush. */
    public void reportResources(ProcessRecord sample) {
        synchronized (reported) {
            if (reported.size() < MAX_PENDING_RECORDS) {
                reported.add(java.util.Objects.requireNonNull(sample, "sample"));
            } else {
                droppedRecords.incrementAndGet();
            }
        }
    }

    /** Starts timing a call; close the returned {@link Call} (try-with-resources) to record it. */
    public Call start(String server, String tool) {
        return timer(server, tool).start();
    }

    /** Runs {@code work}, timing it; a thrown exception is recorded as {@link Outcome#EXCEPTION} and rethrown. */
    public <T> T track(String server, String tool, Callable<T> work) throws Exception {
        return timer(server, tool).track(work);
    }

    /** Runs {@code work}, timing it; a thrown exception is recorded as {@link Outcome#EXCEPTION} and rethrown. */
    public void track(String server, String tool, Runnable work) {
        timer(server, tool).track(work);
    }

    /**
     * The series of (server, tool): the tool's own while the server has fewer than
     * {@link #MAX_TOOLS_PER_SERVER} tools, else {@link #OTHER_TOOLS}. Lock-free on the hot path (the
     * series exists); the cap is checked only when a series is made.
     */
    SeriesRecorder seriesFor(String server, String tool) {
        ConcurrentHashMap<String, SeriesRecorder> tools = series.get(server);
        if (tools == null) {
            tools = series.computeIfAbsent(server, k -> new ConcurrentHashMap<>());
        }
        SeriesRecorder s = tools.get(tool);
        if (s == null) {
            s = newSeries(tools, server, tool);
        }
        return s;
    }

    private static SeriesRecorder newSeries(ConcurrentHashMap<String, SeriesRecorder> tools, String server, String tool) {
        // The two folded series do not count against the cap, so they can always be made.
        boolean folded = tool.equals(OTHER_TOOLS) || tool.equals(UNKNOWN_TOOL);
        synchronized (tools) {
            SeriesRecorder s = tools.get(tool);
            if (s != null) {
                return s;
            }
            long own = tools.size() - (tools.containsKey(OTHER_TOOLS) ? 1 : 0) - (tools.containsKey(UNKNOWN_TOOL) ? 1 : 0);
            String name = folded || own < MAX_TOOLS_PER_SERVER ? tool : OTHER_TOOLS;
            return tools.computeIfAbsent(name, k -> new SeriesRecorder(server, k));
        }
    }

    Clock clock() {
        return clock;
    }

    void countDropped() {
        droppedSamples.incrementAndGet();
    }

    /** Samples refused on the hot path (null names, negative durations). */
    public long droppedSamples() {
        return droppedSamples.get();
    }

    /** Records lost because the store could not be written for too long. */
    public long droppedRecords() {
        return droppedRecords.get();
    }

    /** Flushes that failed to write (the data was kept for the next try). */
    public long flushFailures() {
        return flushFailures.get();
    }

    /** Writes everything recorded so far, attributed to the minute of the current wall time. */
    public void flush() {
        flush(clock.wallMillis());
    }

    private void flush(long attributeToMillis) {
        synchronized (flushLock) {
            long minute = Resolution.MINUTE.floor(attributeToMillis);
            long[] counts = new long[Outcome.count()];
            Set<String> servers = new LinkedHashSet<>();
            for (var tools : series.values()) {
                for (SeriesRecorder s : tools.values()) {
                    drainInto(s, minute, counts, servers);
                }
            }
            operations.forEach(s -> drainInto(s, minute, counts, servers));
            pending.addAll(backfill.drain(scratch));
            while (pending.size() > MAX_PENDING_RECORDS) {
                pending.removeFirst();
                droppedRecords.incrementAndGet();
            }
            List<ProcessRecord> processes = new ArrayList<>();
            processes.add(sampler.sample(clock.wallMillis(), clock.monotonicNanos(), List.copyOf(servers)));
            synchronized (reported) {
                processes.addAll(reported);
                reported.clear();
            }
            List<CallRecord> batch = List.copyOf(pending);
            try {
                sink.write(clock.wallMillis(), batch, processes);
                pending.clear();
                warnedFailure = false;
            } catch (IOException | UncheckedIOException | SecurityException e) {
                flushFailures.incrementAndGet();
                // WARN once per failure streak; the data stays pending and is retried next flush.
                if (!warnedFailure) {
                    warnedFailure = true;
                    diagnostics.accept("mcp-monitor: cannot write the store (" + e + "); keeping "
                            + pending.size() + " records in memory and retrying every flush");
                }
            }
        }
    }

    /** Drains one series into a pending record of {@code minute}, if it had anything. Under flushLock. */
    private void drainInto(SeriesRecorder s, long minute, long[] counts, Set<String> servers) {
        List<ErrorCount> errors = new ArrayList<>(0);
        // Clients before calls: a call racing the drain is counted in the same flush as its client,
        // or its client comes one flush before it, never after. Sizes likewise: a result is
        // measured before its call is recorded.
        ClientCounts.Drained clients = s.drainClients();
        io.mcpmonitor.core.store.ResultSizes sizes = s.drainResultSizes();
        long sumNanos = s.drainInterval(scratch, counts, errors);
        if (scratch.getTotalCount() > 0 || !clients.calls().isEmpty() || !sizes.isEmpty()) {
            pending.addLast(new CallRecord(Resolution.MINUTE, minute, s.server(), s.tool(), counts,
                    SparseHistogram.of(scratch), errors, sumNanos, clients.calls(), sizes, s.method(), clients.errors()));
            servers.add(s.server());
        }
    }

    /** One group of durable reports, written between flushes (the sink takes one writer at a time). */
    private void writeNow(List<CallRecord> calls, List<ProcessRecord> processes) throws IOException {
        synchronized (flushLock) {
            sink.write(clock.wallMillis(), calls, processes);
        }
    }

    private void scheduleNextFlush() {
        if (closed) {
            return;
        }
        long now = clock.wallMillis();
        long step = flushInterval.toMillis();
        long next = (Math.floorDiv(now, step) + 1) * step;
        long nextMinute = Resolution.MINUTE.floor(now) + Resolution.MINUTE.millis();
        long target = Math.min(next, nextMinute);
        if (scheduler.isShutdown()) {
            return;
        }
        scheduler.schedule(() -> {
            try {
                // Attribute to the interval that just ended, even if this thread woke a little late.
                flush(target - 1);
            } catch (RuntimeException | Error e) {
                flushFailures.incrementAndGet();
                diagnostics.accept("mcp-monitor: flush failed: " + e);
            } finally {
                scheduleNextFlush();
            }
        }, Math.max(1, target - now), TimeUnit.MILLISECONDS);
    }

    /**
     * Flushes what remains and stops the flush thread. Idempotent. A flush already under way is let
     * finish (the final flush waits for it), never interrupted.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (scheduler != null) {
            scheduler.shutdown();
        }
        flush();
    }

    /**
     * Options for a monitor. Defaults: store from {@link Store#resolveDirectory(Path)}, flush every
     * 10 s, the system clock, diagnostics to stderr.
     */
    public static final class Builder {
        private Path storeDirectory;
        private RecordSink sink;
        private Duration flushInterval = Duration.ofSeconds(10);
        private Clock clock = Clock.SYSTEM;
        private Consumer<String> diagnostics = System.err::println;
        private String writerId;

        private Builder() {
        }

        /** The store directory; by default {@code $MCP_MONITOR_STORE} or {@code ~/.mcp-monitor}. */
        public Builder storeDirectory(Path directory) {
            this.storeDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** A sink of one's own instead of the JSON store. */
        public Builder sink(RecordSink sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** How often to flush; {@link Duration#ZERO} means only on {@link #flush()} and {@link #close()}. */
        public Builder flushInterval(Duration interval) {
            if (interval == null || interval.isNegative() || (!interval.isZero() && interval.toMillis() < 100)) {
                throw new IllegalArgumentException("flushInterval must be zero or at least 100 ms, was " + interval);
            }
            this.flushInterval = interval;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where the monitor's own warnings go (rate-limited). Never stdout in an MCP server. */
        public Builder diagnostics(Consumer<String> diagnostics) {
            this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
            return this;
        }

        /** The writer id (file name) to use; by default made from host name and process id. */
        public Builder writerId(String writerId) {
            this.writerId = WriterIds.requireSafe(writerId);
            return this;
        }

        /**
         * Builds the monitor. Opening the store may fail (read-only disk, ...): the monitor is still
         * built, warns once, and keeps retrying to write at each flush.
         */
        public Monitor build() {
            if (writerId == null) {
                writerId = WriterIds.forThisProcess(null);
            }
            if (sink == null) {
                Path dir = Store.resolveDirectory(storeDirectory);
                sink = new LazyStoreSink(dir, writerId, diagnostics);
            }
            return new Monitor(this);
        }
    }

    /**
     * Opens the store on first write (on the flush thread), so a store that is not writable yet can become so
     * later, and building a monitor loads no JSON code (the agent builds one while its host starts). What opening
     * repaired ({@link Store#notes()}) is said once, through the diagnostics.
     */
    private static final class LazyStoreSink implements RecordSink {
        private final Path directory;
        private final String writerId;
        private final Consumer<String> diagnostics;
        private RecordSink delegate;

        LazyStoreSink(Path directory, String writerId, Consumer<String> diagnostics) {
            this.directory = directory;
            this.writerId = writerId;
            this.diagnostics = diagnostics;
        }

        @Override
        public void write(long wallMillis, List<CallRecord> calls, List<ProcessRecord> processes) throws IOException {
            if (delegate == null) {
                Store store = Store.open(directory);
                store.notes().forEach(note -> diagnostics.accept("mcp-monitor: " + note));
                delegate = RecordSink.toStore(new StoreWriter(store, writerId));
            }
            delegate.write(wallMillis, calls, processes);
        }
    }
}
