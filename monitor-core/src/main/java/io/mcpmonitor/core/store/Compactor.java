package io.mcpmonitor.core.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Rolls closed minutes up into hourly buckets and closed hours into daily ones (histograms merged
 * exactly), and deletes what retention says is old. Only one process compacts at a time: the
 * others find {@code compact.lock} held and skip. Every rollup file is written whole to a temporary
 * file and renamed over the old one, so readers never see half a rollup.
 *
 * <p>Thread-safe through the file lock; meant to run on a background thread.
 */
public final class Compactor {

    /**
     * What one run did. {@code ran} is false when another process held the lock. {@code health} is
     * what the run's first read of the store met, before it rebuilt anything (damaged lines and files it skipped, named);
     * {@code unreadableLinesDropped} counts the lines of closed minute files that could not be read
     * and so are not in their consolidated form (they were never counted by any reader either).
     */
    public record Result(boolean ran, int hourRollups, int dayRollups, int filesDeleted, ReadStats health,
                         long unreadableLinesDropped) {

        /** A run that did not happen: another process held the lock. */
        static Result skipped() {
            return new Result(false, 0, 0, 0, new ReadStats(0, 0, 0, 0, 0, List.of()), 0);
        }
    }

    private final Store store;
    private final Retention retention;

    public Compactor(Store store, Retention retention) {
        this.store = store;
        this.retention = retention;
    }

    /** Rolls up what is closed at {@code nowMillis} and, if {@code applyRetention}, deletes what is old. */
    public Result compact(long nowMillis, boolean applyRetention) throws IOException {
        Files.createDirectories(store.root());
        try (FileChannel ch = FileChannel.open(store.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                return Result.skipped();
            }
            try {
                return compactLocked(nowMillis, applyRetention);
            } finally {
                lock.release();
            }
        }
    }

    private Result compactLocked(long now, boolean applyRetention) throws IOException {
        long dropped = consolidateMinuteFiles(now);
        StoreReader reader = new StoreReader(store);
        reader.refresh();
        ReadStats met = reader.stats(); // before this run repairs anything: what it found
        long grace = retention.grace().toMillis();

        List<Long> hours = reader.read(ix -> ix.minuteCallsByHour().keySet().stream()
                .filter(h -> h + Resolution.HOUR.millis() + grace <= now && !ix.hasCleanRollup(Resolution.HOUR, h))
                .sorted().toList());
        for (long h : hours) {
            writeRollup(reader, Resolution.HOUR, h, now);
        }
        reader.refresh();

        List<Long> days = reader.read(ix -> {
            TreeSet<Long> candidates = new TreeSet<>();
            ix.minuteCallsByHour().keySet().forEach(h -> candidates.add(Resolution.DAY.floor(h)));
            ix.rollupStarts(Resolution.HOUR).forEach(h -> candidates.add(Resolution.DAY.floor(h)));
            return candidates.stream()
                    .filter(d -> d + Resolution.DAY.millis() + grace <= now && !ix.hasCleanRollup(Resolution.DAY, d))
                    .toList();
        });
        for (long d : days) {
            writeRollup(reader, Resolution.DAY, d, now);
        }
        int deleted = applyRetention ? applyRetention(reader, now) : 0;
        return new Result(true, hours.size(), days.size(), deleted, met, dropped);
    }

    private void writeRollup(StoreReader reader, Resolution r, long start, long now) throws IOException {
        Resolution finer = r == Resolution.HOUR ? Resolution.MINUTE : Resolution.HOUR;
        List<String> lines = reader.read(ix -> {
            List<String> out = new ArrayList<>();
            out.add(LineCheck.seal(RecordCodec.encode(new RecordCodec.RollupHeader(r, start, ix.callsBelow(r, start), now))));
            List<StoreIndex.Series> all = new ArrayList<>(ix.allSeries());
            all.sort(Comparator.comparing(StoreIndex.Series::key));
            for (StoreIndex.Series s : all) {
                Bucket merged = new Bucket(start);
                ix.fold(s, start, start + r.millis(), finer, b -> merged.add(b.toRecord(finer, s.key())));
                if (merged.totalCalls() > 0) {
                    out.add(LineCheck.seal(RecordCodec.encode(merged.toRecord(r, s.key()))));
                }
            }
            return out;
        });
        Path target = store.rollupFile(r, start);
        AtomicFiles.writeGzipLines(target, lines);
        // A plain rollup of an earlier build is now superseded by its gzipped twin.
        Files.deleteIfExists(target.resolveSibling(target.getFileName().toString().replace(".gz", "")));
    }

    /**
     * Rewrites each closed minute file (its hour of writing is over) as one line per series and
     * minute, gzipped: a writer flushes every 10 s, so a busy series has six lines a minute until
     * then. The gzipped twin is written whole first, then the plain file deleted; readers skip a plain
     * file whose twin exists, so no call is ever counted twice or missed.
     */
    private long consolidateMinuteFiles(long now) throws IOException {
        if (!Files.isDirectory(store.minuteDirectory())) {
            return 0;
        }
        List<Path> closed;
        try (Stream<Path> s = Files.walk(store.minuteDirectory())) {
            closed = s.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
                    .filter(p -> {
                        long end = bucketEnd(store.minuteDirectory().relativize(p), 3);
                        return end >= 0 && end + retention.grace().toMillis() <= now;
                    }).sorted().toList();
        }
        long dropped = 0;
        for (Path plain : closed) {
            Map<String, Bucket> calls = new TreeMap<>();
            Map<String, SeriesKey> keys = new HashMap<>();
            Map<String, Resolution> resolutions = new HashMap<>();
            List<String> processes = new ArrayList<>();
            // Decoded leniently, line by line, as readers decode them: one bad byte costs (at most) its
            // line, never the compaction of the whole store.
            for (String line : new String(Files.readAllBytes(plain), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                RecordCodec.Line parsed;
                try {
                    parsed = RecordCodec.decode(line);
                } catch (RecordCodec.MalformedRecordException skipped) {
                    dropped++;
                    continue; // torn or garbage lines stay out of the consolidated file, as readers skip them
                }
                if (parsed.calls() != null) {
                    CallRecord c = parsed.calls();
                    String k = String.format("%s|%020d|%s\u0000%s\u0000%s", c.resolution().wireName(), c.startMillis(), c.server(),
                            c.tool(), c.method());
                    calls.computeIfAbsent(k, x -> new Bucket(c.startMillis())).add(c);
                    keys.putIfAbsent(k, c.key());
                    resolutions.putIfAbsent(k, c.resolution());
                } else if (parsed.process() != null) {
                    processes.add(line);
                }
            }
            List<String> out = new ArrayList<>(calls.size() + processes.size());
            calls.forEach((k, b) -> out.add(LineCheck.seal(RecordCodec.encode(b.toRecord(resolutions.get(k), keys.get(k))))));
            out.addAll(processes);
            Path gz = plain.resolveSibling(plain.getFileName() + ".gz");
            AtomicFiles.writeGzipLines(gz, out);
            summarise(gz, calls, keys, processes);
            Files.delete(plain);
            Files.deleteIfExists(HourSummary.fileOf(plain));
        }
        return dropped;
    }

    /**
     * Writes the summary of a consolidated minute file, so a fresh reader need not read its lines to
     * answer about whole hours. Best effort: without it the file is read line by line, as before.
     */
    private static void summarise(Path gz, Map<String, Bucket> calls, Map<String, SeriesKey> keys, List<String> processes) {
        try {
            HourSummary.Builder b = new HourSummary.Builder(gz);
            List<CallRecord> records = new ArrayList<>(calls.size());
            calls.forEach((k, bucket) -> {
                if (k.startsWith(Resolution.MINUTE.wireName() + "|")) {
                    records.add(bucket.toRecord(Resolution.MINUTE, keys.get(k)));
                }
            });
            if (records.size() != calls.size()) {
                return; // lines of another resolution in a minute file: leave it to be read as it is
            }
            b.wrote(0, Files.readAllBytes(gz), records, processes);
            b.writeSummary(System.currentTimeMillis());
        } catch (IOException | RuntimeException e) {
            // the consolidated file holds everything; the summary only makes reading it faster
        }
    }

    private int applyRetention(StoreReader reader, long now) throws IOException {
        int deleted = 0;
        long minuteCutoff = now - retention.minuteData().toMillis();
        // Minute data may only go once every hour it could hold is covered by a clean rollup.
        long oldestUnrolled = reader.read(ix -> ix.minuteCallsByHour().keySet().stream()
                .filter(h -> !ix.hasCleanRollup(Resolution.HOUR, h)).min(Long::compare).orElse(Long.MAX_VALUE));
        deleted += deleteOld(store.minuteDirectory(), 3, minuteCutoff, oldestUnrolled);
        deleted += deleteOld(store.hourDirectory(), 2, now - retention.hourRollups().toMillis(), Long.MAX_VALUE);
        deleted += deleteOld(store.dayDirectory(), 2, now - retention.dayRollups().toMillis(), Long.MAX_VALUE);
        return deleted;
    }

    /**
     * Deletes files whose bucket (read from the path) ended before {@code cutoff}, and before
     * {@code mustEndBefore}, then empty directories.
     */
    private static int deleteOld(Path dir, int depth, long cutoff, long mustEndBefore) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int deleted = 0;
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            long end = bucketEnd(dir.relativize(f), depth);
            if (end >= 0 && end <= cutoff && end <= mustEndBefore) {
                Files.deleteIfExists(f);
                if (!f.getFileName().toString().endsWith(HourSummary.SUFFIX)) {
                    deleted++; // a summary goes with its minute file and is not counted on its own
                }
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path d : s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                if (!d.equals(dir)) {
                    try (Stream<Path> children = Files.list(d)) {
                        if (children.findAny().isEmpty()) {
                            Files.deleteIfExists(d);
                        }
                    }
                }
            }
        }
        return deleted;
    }

    /** End of the bucket a store path stands for, or -1 if the path is not one of ours. */
    static long bucketEnd(Path relative, int depth) {
        try {
            if (depth == 3 && relative.getNameCount() == 3) { // minute/yyyy-MM-dd/HH/writer.jsonl
                long day = LocalDate.parse(relative.getName(0).toString()).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                return day + (Integer.parseInt(relative.getName(1).toString()) + 1) * Resolution.HOUR.millis();
            }
            if (depth == 2 && relative.getNameCount() == 2) {
                String first = relative.getName(0).toString();
                String second = relative.getName(1).toString().replace(".gz", "").replace(".jsonl", "");
                if (first.length() == 10) { // hour/yyyy-MM-dd/HH.jsonl
                    long day = LocalDate.parse(first).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                    return day + (Integer.parseInt(second) + 1) * Resolution.HOUR.millis();
                }
                // day/yyyy-MM/dd.jsonl
                long day = LocalDate.parse(first + "-" + second).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                return day + Resolution.DAY.millis();
            }
        } catch (RuntimeException notOurs) {
            return -1;
        }
        return -1;
    }
}
