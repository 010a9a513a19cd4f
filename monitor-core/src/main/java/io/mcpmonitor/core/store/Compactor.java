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
     * and so are not in their consolidated form (they were never counted by any reader either);
     * {@code pastRetentionCalls} counts the calls of minute data that arrived for a day already past the
     * retention of daily rollups, deleted without being rolled up.
     */
    public record Result(boolean ran, int hourRollups, int dayRollups, int filesDeleted, ReadStats health,
                         long unreadableLinesDropped, long pastRetentionCalls) {

        public Result(boolean ran, int hourRollups, int dayRollups, int filesDeleted, ReadStats health,
                      long unreadableLinesDropped) {
            this(ran, hourRollups, dayRollups, filesDeleted, health, unreadableLinesDropped, 0);
        }

        /** A run that did not happen: another process held the lock. */
        static Result skipped() {
            return new Result(false, 0, 0, 0, new ReadStats(0, 0, 0, 0, 0, List.of()), 0, 0);
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

    /**
     * A rollup holds exactly the minute files it names: it is written from its previous version (when
     * that names its sources) plus the consolidated minute files it does not name yet, or, with no such
     * version, from every consolidated minute file of its bucket. Plain minute files may still grow, so
     * they wait for their consolidation; until then readers add them beside the rollup.
     */
    private Result compactLocked(long now, boolean applyRetention) throws IOException {
        long dropped = consolidateMinuteFiles(now);
        StoreReader reader = new StoreReader(store, false);
        reader.refresh();
        ReadStats met = reader.stats(); // before this run repairs anything: what it found
        long grace = retention.grace().toMillis();
        long hourHorizon = now - retention.hourRollups().toMillis();
        long dayHorizon = now - retention.dayRollups().toMillis();

        List<Long> hours = reader.read(ix -> ix.minuteCallsByHour().keySet().stream()
                .filter(h -> h + Resolution.HOUR.millis() + grace <= now && h + Resolution.HOUR.millis() > hourHorizon)
                .filter(h -> needsRollup(ix, Resolution.HOUR, h))
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
                    .filter(d -> d + Resolution.DAY.millis() + grace <= now && d + Resolution.DAY.millis() > dayHorizon)
                    .filter(d -> needsRollup(ix, Resolution.DAY, d))
                    .toList();
        });
        for (long d : days) {
            writeRollup(reader, Resolution.DAY, d, now);
        }
        if (!days.isEmpty()) {
            reader.refresh();
        }
        long[] pastRetention = {0};
        int deleted = applyRetention ? applyRetention(reader, now, pastRetention) : 0;
        if (pastRetention[0] > 0) {
            RetentionDrops.append(store, now, pastRetention[0]);
        }
        return new Result(true, hours.size(), days.size(), deleted, met, dropped, pastRetention[0]);
    }

    /** No rollup, a rollup of an earlier build that is stale, or one beside which minute data was written. */
    private static boolean needsRollup(StoreIndex ix, Resolution r, long start) {
        RecordCodec.RollupHeader h = ix.header(r, start);
        if (h == null || h.sources() == null) {
            return !ix.hasCleanRollup(r, start);
        }
        return !ix.lateSources(r, start).isEmpty();
    }

    private void writeRollup(StoreReader reader, Resolution r, long start, long now) throws IOException {
        List<String> lines = reader.read(ix -> {
            RecordCodec.RollupHeader previous = ix.header(r, start);
            boolean incremental = previous != null && previous.sources() != null;
            java.util.Set<String> sources = new TreeSet<>();
            boolean unnamed = false; // a part of an earlier build that names no sources: then neither can this
            if (incremental) {
                sources.addAll(previous.sources());
                sources.addAll(ix.lateSources(r, start));
            } else if (r == Resolution.HOUR) {
                sources.addAll(ix.sourcesOfHour(start));
            } else {
                for (long h = start; h < start + Resolution.DAY.millis(); h += Resolution.HOUR.millis()) {
                    RecordCodec.RollupHeader hour = ix.header(Resolution.HOUR, h);
                    if (hour == null) {
                        sources.addAll(ix.sourcesOfHour(h));
                    } else if (hour.sources() != null) {
                        sources.addAll(hour.sources());
                        sources.addAll(ix.lateSources(Resolution.HOUR, h));
                    } else {
                        unnamed = true;
                    }
                }
            }
            Resolution finer = r == Resolution.HOUR ? Resolution.MINUTE : Resolution.HOUR;
            List<String> body = new ArrayList<>();
            long total = 0;
            List<StoreIndex.Series> all = new ArrayList<>(ix.allSeries());
            all.sort(Comparator.comparing(StoreIndex.Series::key));
            for (StoreIndex.Series s : all) {
                Bucket merged = new Bucket(start);
                if (incremental) {
                    Bucket old = s.buckets(r).get(start);
                    if (old != null) {
                        merged.add(old.toRecord(r, s.key()));
                    }
                    Bucket late = s.late(r, start);
                    if (late != null) {
                        merged.add(late.toRecord(r, s.key()));
                    }
                } else {
                    ix.fold(s, start, start + r.millis(), finer, b -> merged.add(b.toRecord(finer, s.key())));
                }
                if (merged.totalCalls() > 0) {
                    total += merged.totalCalls();
                    body.add(LineCheck.seal(RecordCodec.encode(merged.toRecord(r, s.key()))));
                }
            }
            RecordCodec.RollupHeader header = unnamed
                    ? new RecordCodec.RollupHeader(r, start, ix.callsBelow(r, start), now)
                    : new RecordCodec.RollupHeader(r, start, total, now, List.copyOf(sources));
            List<String> out = new ArrayList<>(body.size() + 1);
            out.add(LineCheck.seal(RecordCodec.encode(header)));
            out.addAll(body);
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
     * file whose twin exists, so no call is ever counted twice or missed. Each file is consolidated
     * under its {@link MinuteFileLock}, so no append lands between its reading and its deletion; a file
     * being written is left for the next run.
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
            try (MinuteFileLock lock = MinuteFileLock.tryAcquire(plain)) {
                if (lock != null) {
                    dropped += consolidate(plain, lock.channel());
                }
            }
        }
        return dropped;
    }

    /** Consolidates {@code plain}, held locked through {@code ch}; returns the lines it could not read. */
    private static long consolidate(Path plain, FileChannel ch) throws IOException {
        Path twin = plain.resolveSibling(plain.getFileName() + ".gz");
        if (Files.exists(twin)) {
            // A consolidation stopped between writing the twin and deleting this file: the twin holds it all,
            // and writers never append to a file whose twin exists.
            Files.delete(plain);
            HourSummary.deleteWith(plain);
            return 0;
        }
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, ch.size()));
        while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
            // read to the size taken under the lock
        }
        Map<String, Bucket> calls = new TreeMap<>();
        Map<String, SeriesKey> keys = new HashMap<>();
        Map<String, Resolution> resolutions = new HashMap<>();
        List<String> processes = new ArrayList<>();
        long dropped = 0;
        // Decoded leniently, line by line, as readers decode them: one bad byte costs (at most) its
        // line, never the compaction of the whole store.
        for (String line : new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).split("\n")) {
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
        AtomicFiles.writeGzipLines(twin, out);
        Files.delete(plain);
        // The summary goes with its file: readers read the consolidated file and its hour's rollups instead.
        HourSummary.deleteWith(plain);
        return dropped;
    }

    /**
     * Deletes what is past retention. A consolidated minute file goes only once the rollups of every
     * hour it holds name it: its day's, and its hour's while hourly rollups are kept. An hourly rollup
     * goes only once its day's rollup holds it. Minute data of a day already past the retention of daily
     * rollups (it arrived too late to be kept at any resolution) is deleted and its calls counted in
     * {@code pastRetention}. Plain minute files wait for their consolidation.
     */
    private int applyRetention(StoreReader reader, long now, long[] pastRetention) throws IOException {
        long minuteCutoff = now - retention.minuteData().toMillis();
        long hourCutoff = now - retention.hourRollups().toMillis();
        long dayCutoff = now - retention.dayRollups().toMillis();
        Map<Path, String> ids = reader.sourceIds();
        List<Path> minuteFiles = listFiles(store.minuteDirectory());
        List<Path> hourFiles = listFiles(store.hourDirectory());
        List<Path> dayFiles = listFiles(store.dayDirectory());
        List<Path> deletable = reader.read(ix -> {
            List<Path> out = new ArrayList<>();
            for (Path f : minuteFiles) {
                long end = bucketEnd(store.minuteDirectory().relativize(f), 3);
                if (end < 0 || end > minuteCutoff || !f.getFileName().toString().endsWith(".gz")) {
                    continue;
                }
                String id = ids.get(f);
                boolean covered = true;
                boolean past = false;
                for (long h : id == null ? java.util.Set.<Long>of() : ix.hoursOf(id)) {
                    long day = Resolution.DAY.floor(h);
                    if (day + Resolution.DAY.millis() <= dayCutoff) {
                        past = true;
                        continue;
                    }
                    boolean hourCovered = h + Resolution.HOUR.millis() <= hourCutoff || names(ix, Resolution.HOUR, h, id);
                    covered &= hourCovered && names(ix, Resolution.DAY, day, id);
                }
                if (covered) {
                    if (past) {
                        pastRetention[0] += ix.callsOf(id);
                    }
                    out.add(f);
                }
            }
            for (Path f : hourFiles) {
                long end = bucketEnd(store.hourDirectory().relativize(f), 2);
                if (end >= 0 && end <= hourCutoff && heldByDay(ix, end - Resolution.HOUR.millis(), dayCutoff)) {
                    out.add(f);
                }
            }
            for (Path f : dayFiles) {
                long end = bucketEnd(store.dayDirectory().relativize(f), 2);
                if (end >= 0 && end <= dayCutoff) {
                    out.add(f);
                }
            }
            return out;
        });
        for (Path f : deletable) {
            Files.deleteIfExists(f);
        }
        for (Path f : minuteFiles) {
            // A summary or slices file whose minute file is gone (a consolidation stopped between the deletes, or
            // one by an earlier build, which leaves slices files behind) is of no use.
            String name = f.getFileName().toString();
            for (String suffix : List.of(HourSummary.SUFFIX, HourSummary.SLICES_SUFFIX)) {
                if (name.endsWith(suffix) && !Files.exists(f.resolveSibling(name.substring(0, name.length() - suffix.length())))) {
                    Files.deleteIfExists(f);
                }
            }
        }
        for (Path dir : List.of(store.minuteDirectory(), store.hourDirectory(), store.dayDirectory())) {
            deleteEmptyDirectories(dir);
        }
        return deletable.size();
    }

    /** Whether the rollup of the bucket holds the minute file {@code id}: it names it, or, of an earlier build, is clean. */
    private static boolean names(StoreIndex ix, Resolution r, long start, String id) {
        RecordCodec.RollupHeader h = ix.header(r, start);
        if (h == null) {
            return false;
        }
        return h.sources() == null ? ix.hasCleanRollup(r, start) : SourceIds.covers(new java.util.HashSet<>(h.sources()), id);
    }

    /** Whether the day's rollup holds every call of the hourly rollup at {@code hour} (or the day is past keeping). */
    private static boolean heldByDay(StoreIndex ix, long hour, long dayCutoff) {
        long day = Resolution.DAY.floor(hour);
        if (day + Resolution.DAY.millis() <= dayCutoff) {
            return true;
        }
        RecordCodec.RollupHeader d = ix.header(Resolution.DAY, day);
        RecordCodec.RollupHeader h = ix.header(Resolution.HOUR, hour);
        if (d == null) {
            return false;
        }
        if (h == null || h.sources() == null || d.sources() == null) {
            return true; // a damaged hourly rollup, or one of an earlier build: its day is the record, as before
        }
        java.util.Set<String> inDay = new java.util.HashSet<>(d.sources());
        return h.sources().stream().allMatch(id -> SourceIds.covers(inDay, id));
    }

    private static List<Path> listFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void deleteEmptyDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
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
