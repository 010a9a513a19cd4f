package io.mcpmonitor.benchmarks.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Prints the bytes on disk of the 300-busy-series store, per tier and per series-minute, and what a
 * day of it costs. Not JMH: the sizes are deterministic, so one pass is the measurement. Run with
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar io.mcpmonitor.benchmarks.store.DiskFootprint}</pre>
 *
 * <p>Two stores are measured: the day-old {@link BusyStore} (one flush per minute, as the query
 * benchmark reads it) and one hour of the same workload flushed every 10 s, the monitor's default,
 * where a busy series writes up to six lines per minute.
 */
public final class DiskFootprint {

    private static final double MB = 1_000_000.0;

    private DiskFootprint() {
    }

    /** Bytes, files and lines of one tier directory. */
    record Tier(String name, long bytes, long files, long callLines, long otherLines, long gzipBytes,
                long histChars, long errorsChars) {
        static Tier of(Path root, String name, boolean gzip) throws IOException {
            Path dir = root.resolve(name);
            long bytes = 0;
            long files = 0;
            long calls = 0;
            long other = 0;
            long gz = 0;
            long hist = 0;
            long errors = 0;
            if (Files.isDirectory(dir)) {
                List<Path> all;
                try (Stream<Path> s = Files.walk(dir)) {
                    all = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
                }
                for (Path p : all) {
                    byte[] content = Files.readAllBytes(p);
                    bytes += content.length;
                    files++;
                    for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
                        if (line.contains("\"type\":\"calls\"")) {
                            calls++;
                            hist += fieldChars(line, "\"hist\":\"", "\"");
                            errors += fieldChars(line, ",\"errors\":[", "]");
                        } else if (!line.isEmpty()) {
                            other++;
                        }
                    }
                    if (gzip) {
                        gz += gzipSize(content);
                    }
                }
            }
            return new Tier(name, bytes, files, calls, other, gz, hist, errors);
        }

        /** Characters from {@code open} to the last {@code close} after it (0 if absent): a field's size. */
        private static long fieldChars(String line, String open, String close) {
            int from = line.indexOf(open);
            if (from < 0) {
                return 0;
            }
            int to = close.equals("]") ? line.lastIndexOf(close) : line.indexOf(close, from + open.length());
            return to < 0 ? 0 : to + 1 - from;
        }
    }

    public static void main(String[] args) throws IOException {
        Path store = BusyStore.dayOld();
        int series = BusyWorkload.seriesCount();
        Tier minute = Tier.of(store, "minute", true);
        Tier hour = Tier.of(store, "hour", true);
        Tier day = Tier.of(store, "day", true);
        long seriesMinutes = minute.callLines();

        System.out.println("== Disk footprint: day-old store, " + series + " busy series ("
                + BusyWorkload.SERVERS + " servers x " + BusyWorkload.TOOLS + " tools, "
                + BusyWorkload.MIN_CALLS_PER_MINUTE + "-" + BusyWorkload.MAX_CALLS_PER_MINUTE
                + " calls/min each), flushed once a minute ==");
        System.out.println("store: " + store);
        System.out.printf("%-8s %14s %8s %12s %12s %14s %16s%n", "tier", "bytes", "files", "calls lines",
                "other lines", "bytes/line", "gzip -6 bytes");
        for (Tier t : List.of(minute, hour, day)) {
            System.out.printf("%-8s %,14d %8d %,12d %,12d %,14.1f %,16d%n", t.name(), t.bytes(), t.files(),
                    t.callLines(), t.otherLines(), t.bytes() / (double) Math.max(1, t.callLines() + t.otherLines()),
                    t.gzipBytes());
        }
        System.out.println("average bytes of a calls line, by part:");
        for (Tier t : List.of(minute, hour, day)) {
            double lines = t.callLines();
            System.out.printf("  %-6s hist (base64) %,8.1f  errors %,8.1f  everything else %,8.1f%n", t.name(),
                    t.histChars() / lines, t.errorsChars() / lines,
                    (t.bytes() - t.histChars() - t.errorsChars()) / (lines + t.otherLines()));
        }
        double perSeriesMinute = minute.bytes() / (double) seriesMinutes;
        System.out.printf("minute tier: %,.1f bytes per series-minute (%,d series-minutes, process lines included)%n",
                perSeriesMinute, seriesMinutes);
        System.out.printf("hour tier:   %,.1f bytes per series-hour = %,.1f bytes per series-minute covered%n",
                hour.bytes() / (double) hour.callLines(), hour.bytes() / (double) hour.callLines() / 60);
        System.out.printf("day tier:    %,.1f bytes per series-day%n", day.bytes() / (double) day.callLines());

        double minuteMbPerDay = perSeriesMinute * series * 1440 / MB;
        double hourMbPerDay = hour.bytes() / (double) hour.callLines() * series * 24 / MB;
        double dayMbPerDay = day.bytes() / (double) day.callLines() * series / MB;
        System.out.println();
        System.out.println("== Per day for " + series + " busy series (target: under 10 MB per day) ==");
        System.out.printf("minute tier written per day : %8.2f MB (kept 24 h)%n", minuteMbPerDay);
        System.out.printf("hourly rollups per day      : %8.2f MB (kept 30 days)%n", hourMbPerDay);
        System.out.printf("daily rollup per day        : %8.2f MB (kept 1 year)%n", dayMbPerDay);
        System.out.printf("total written per day       : %8.2f MB%n", minuteMbPerDay + hourMbPerDay + dayMbPerDay);
        System.out.printf("steady state on disk (24 h minutes + 30 d hours + 365 d days): %.1f MB%n",
                minuteMbPerDay + 30 * hourMbPerDay + 365 * dayMbPerDay);
        System.out.printf("what-if minute tier gzip -6 : %8.2f MB per day (%.1f bytes per series-minute)%n",
                minute.gzipBytes() / (double) seriesMinutes * series * 1440 / MB,
                minute.gzipBytes() / (double) seriesMinutes);

        MinuteInformation.Result info = MinuteInformation.of(store.resolve("minute"));
        System.out.println();
        System.out.printf("== What any format could reach: %,d series-minutes, %.1f non-empty buckets each ==%n",
                info.seriesMinutes(), info.avgBuckets());
        System.out.printf("as stored (HdrHistogram V2 + base64, line gzipped): %8.1f bytes per series-minute%n",
                minute.gzipBytes() / (double) seriesMinutes);
        System.out.printf("sparse bucket deltas as text, deflate -9          : %8.1f bytes per series-minute = %.1f MB/day%n",
                info.sparseDeflatedBytes(), info.sparseDeflatedBytes() * series * 1440 / MB);
        System.out.printf("information bound (Poisson counts, rates known)   : %8.1f bytes per series-minute = %.1f MB/day%n",
                info.entropyBytes(), info.entropyBytes() * series * 1440 / MB);

        tenSecondFlushes(series);
    }

    /** One hour of the same workload at the default 10 s flush interval: up to 6 lines per series-minute. */
    private static void tenSecondFlushes(int series) throws IOException {
        Path tmp = Files.createTempDirectory("mcp-monitor-footprint-10s");
        try {
            long from = BusyStore.NOW.toEpochMilli() - 3_600_000L - 37 * 60_000L; // a whole hour: 09:00-10:00
            long t0 = System.nanoTime();
            BusyStore.Generated g = BusyStore.write(tmp, from, 60, 10, BusyStore.SEED + 1);
            long t1 = System.nanoTime();
            Tier minute = Tier.of(tmp, "minute", true);
            double perSeriesMinute = minute.bytes() / (double) g.seriesMinutes();
            System.out.println();
            System.out.printf("== Same workload, default 10 s flushes, one hour (%,d series-minutes, %,d calls lines, "
                    + "written in %.1f s) ==%n", g.seriesMinutes(), minute.callLines(), (t1 - t0) / 1e9);
            System.out.printf("minute tier: %,d bytes = %,.1f bytes per series-minute (%.2f lines per series-minute)%n",
                    minute.bytes(), perSeriesMinute, minute.callLines() / (double) g.seriesMinutes());
            System.out.printf("minute tier written per day at 10 s flushes: %.2f MB (gzip -6: %.2f MB)%n",
                    perSeriesMinute * series * 1440 / MB,
                    minute.gzipBytes() / (double) g.seriesMinutes() * series * 1440 / MB);
        } finally {
            BusyStore.deleteRecursively(tmp);
        }
    }

    private static long gzipSize(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.size();
    }
}
