package io.mcpmonitor.benchmarks.record;

import io.mcpmonitor.core.record.Call;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.record.ToolTimer;
import io.mcpmonitor.core.store.HistogramFormat;
import io.mcpmonitor.core.store.RecordSink;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per call of the recording hot path, next to baselines measured in the same run:
 *
 * <ul>
 *   <li>{@code toolTimerRecord}: {@link ToolTimer#record(long, Outcome)} on a cached handle;</li>
 *   <li>{@code monitorRecordLookup}: {@link Monitor#record(String, String, long, Outcome)}, which looks
 *       the series up by name first;</li>
 *   <li>{@code toolTimerCall}: {@code try (Call c = timer.start()) {}}, two clock reads included;</li>
 *   <li>{@code toolTimerRecordTwoClockReads}: two {@code System.nanoTime()} reads and
 *       {@code ToolTimer.record} of their difference: what an agent's advice does;</li>
 *   <li>{@code baselineRecorder}: a bare HdrHistogram {@link Recorder} of the {@link HistogramFormat}
 *       configuration;</li>
 *   <li>{@code baselineRecorderTwoClockReads}: the same plus two {@code System.nanoTime()} reads;</li>
 *   <li>{@code baselineTwoClockReads}: the two {@code System.nanoTime()} reads alone;</li>
 *   <li>{@code baselineMicrometerTimer} / {@code baselineMicrometerTimerHistogram}: Micrometer's
 *       {@code Timer.record(long, NANOSECONDS)} from a {@link SimpleMeterRegistry}, plain and with
 *       {@code publishPercentileHistogram()}.</li>
 * </ul>
 *
 * <p>The monitor flushes never ({@code flushInterval(ZERO)}) and into {@link RecordSink#NOOP}, so no
 * I/O is measured. Durations come from a precomputed lognormal array (median 20 ms), walked by a
 * per-thread cursor, so the recorded value varies and is not constant-folded. All threads of a
 * benchmark record into the same series (the contended case). {@link TwoThreads} runs every benchmark
 * with two threads. Run with {@code -prof gc} for bytes allocated per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordingBenchmark {

    static final String SERVER = "bench-server";
    static final String TOOL = "bench_tool";
    /** Length of the precomputed duration array; a power of two so the cursor wraps with a mask. */
    static final int VALUES = 1 << 12;

    final long[] durationsNanos = new long[VALUES];
    Monitor monitor;
    ToolTimer timer;
    Recorder recorder;
    Recorder recorderForClockReads;
    SimpleMeterRegistry registry;
    Timer micrometerTimer;
    Timer micrometerTimerHistogram;

    /** Each thread's position in the duration array. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        long next(long[] values) {
            return values[next++ & (VALUES - 1)];
        }
    }

    /** The same benchmarks with two threads recording into one series at once. */
    @Threads(2)
    public static class TwoThreads extends RecordingBenchmark {
    }

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        double logMedian = Math.log(20_000_000.0);
        for (int i = 0; i < VALUES; i++) {
            durationsNanos[i] = (long) Math.exp(logMedian + 0.8 * random.nextGaussian());
        }
        monitor = Monitor.builder().sink(RecordSink.NOOP).flushInterval(Duration.ZERO).writerId("bench").build();
        timer = monitor.timer(SERVER, TOOL);
        recorder = newBareRecorder();
        recorderForClockReads = newBareRecorder();
        registry = new SimpleMeterRegistry();
        micrometerTimer = Timer.builder("mcp.tool.calls").tag("server", SERVER).tag("tool", TOOL).register(registry);
        micrometerTimerHistogram = Timer.builder("mcp.tool.calls.histogram").tag("server", SERVER).tag("tool", TOOL)
                .publishPercentileHistogram().register(registry);
    }

    @TearDown
    public void tearDown() {
        monitor.close();
        registry.close();
    }

    /** Configured like {@link HistogramFormat#newRecorder()}, spelled out so the baseline is bare. */
    static Recorder newBareRecorder() {
        return new Recorder(HistogramFormat.LOWEST_DISCERNIBLE_NANOS, HistogramFormat.HIGHEST_TRACKABLE_NANOS,
                HistogramFormat.SIGNIFICANT_DIGITS);
    }

    @Benchmark
    public void toolTimerRecord(Cursor c) {
        timer.record(c.next(durationsNanos), Outcome.SUCCESS);
    }

    @Benchmark
    public void monitorRecordLookup(Cursor c) {
        monitor.record(SERVER, TOOL, c.next(durationsNanos), Outcome.SUCCESS);
    }

    @Benchmark
    @SuppressWarnings("try") // the resource is used only for its close()
    public void toolTimerCall() {
        try (Call call = timer.start()) {
            // the timed work is empty: what is measured is the start, the two clock reads and the record
        }
    }

    @Benchmark
    public void toolTimerRecordTwoClockReads() {
        long startNanos = System.nanoTime();
        timer.record(System.nanoTime() - startNanos, Outcome.SUCCESS);
    }

    @Benchmark
    public void baselineRecorder(Cursor c) {
        recorder.recordValue(c.next(durationsNanos));
    }

    @Benchmark
    public long baselineTwoClockReads() {
        long startNanos = System.nanoTime();
        return System.nanoTime() - startNanos;
    }

    @Benchmark
    public void baselineRecorderTwoClockReads() {
        long startNanos = System.nanoTime();
        recorderForClockReads.recordValue(System.nanoTime() - startNanos);
    }

    @Benchmark
    public void baselineMicrometerTimer(Cursor c) {
        micrometerTimer.record(c.next(durationsNanos), TimeUnit.NANOSECONDS);
    }

    @Benchmark
    public void baselineMicrometerTimerHistogram(Cursor c) {
        micrometerTimerHistogram.record(c.next(durationsNanos), TimeUnit.NANOSECONDS);
    }
}
