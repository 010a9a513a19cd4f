package io.mcpmonitor.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads the whole store into an in-memory index and keeps it current: {@link #refresh()} reads only
 * what was appended since the last refresh, and re-reads everything only when a file was replaced
 * or removed (rollups, retention). Torn and malformed lines are skipped and counted in
 * {@link #stats()}, never thrown.
 *
 * <p>Thread-safe: refreshes take a write lock, {@link #read(Function)} a read lock, so a query sees
 * one consistent state.
 */
public final class StoreReader {

    private final Store store;
    private final boolean plainMinuteFiles;
    private final java.util.concurrent.locks.ReentrantReadWriteLock lock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    // guarded by lock
    private final Map<Path, FileState> files = new HashMap<>();
    private StoreIndex index = new StoreIndex();
    private StatsCounter counter = new StatsCounter();
    private long pastRetentionCalls;
    // Minute files whose summarised part held a line that did not read: their summaries are not trusted again.
    private final java.util.Set<Path> distrusted = new java.util.HashSet<>();
    private boolean rebuildNext;
    private final ForegroundGate foreground = new ForegroundGate(System::nanoTime);

    public StoreReader(Store store) {
        this(store, true);
    }

    /**
     * A reader whose index holds the rollups and the consolidated minute files only, when
     * {@code plainMinuteFiles} is false: what the compactor may merge into a rollup, since a plain file
     * may still grow. Plain files are still read and checked, so {@link #stats()} says their damage.
     */
    StoreReader(Store store, boolean plainMinuteFiles) {
        this.store = Objects.requireNonNull(store, "store");
        this.plainMinuteFiles = plainMinuteFiles;
    }

    public Store store() {
        return store;
    }

    /**
     * Work a client is waiting for, open until closed: a question to the sidecar. Closing it twice is
     * harmless. Never blocks.
     */
    public interface Foreground extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Marks the start of work a client waits for (a tool call, a resource read); the background work
     * over this reader steps aside between its units until it is closed ({@link #yieldToForeground()}).
     *
     * <pre>{@code
     * try (StoreReader.Foreground f = reader.foreground()) {
     *     return answer(reader);
     * }
     * }</pre>
     */
    public Foreground foreground() {
        return foreground.enter();
    }

    /**
     * For background work, before each of its units (a series, an hour, an evaluation): waits while work a
     * client waits for is in progress ({@link #foreground()}), at most two seconds, so a stream of questions
     * slows background work without stopping it. Returns at once when there is none; an interrupt ends the
     * wait with the thread's interrupt flag set.
     */
    public void yieldToForeground() {
        foreground.yieldToForeground();
    }

    /**
     * For background work that may wait its turn (compaction): waits until no question has been in
     * progress for {@code quietMillis}, at most {@code atMostMillis}. Returns whether the quiet came.
     */
    public boolean awaitQuiet(long quietMillis, long atMostMillis) {
        return foreground.awaitQuiet(quietMillis, atMostMillis);
    }

    /** Brings the index up to date with the files on disk. */
    public void refresh() {
        lock.writeLock().lock();
        try {
            List<Path> present = listDataFiles();
            boolean rebuild = files.keySet().stream().anyMatch(p -> !present.contains(p))
                    // A new rollup decides which minute data already read is beside it: read all again, rollups first.
                    || present.stream().anyMatch(p -> !files.containsKey(p) && !p.startsWith(store.minuteDirectory()));
            Map<Path, BasicFileAttributes> attrs = new java.util.LinkedHashMap<>();
            for (Path p : present) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    attrs.put(p, a);
                    FileState s = files.get(p);
                    if (s != null && (!Objects.equals(s.fileKey, a.fileKey()) || a.size() < s.consumed)) {
                        rebuild = true;
                    }
                } catch (NoSuchFileException gone) {
                    rebuild = true;
                }
            }
            if (rebuild || rebuildNext) {
                rebuildNext = false;
                files.clear();
                index = new StoreIndex();
                counter = new StatsCounter();
                for (Path d : distrusted) {
                    if (attrs.containsKey(d)) {
                        counter.problem(d + ": does not hold what its summary or its rollups say (damaged or replaced"
                                + " beneath them); read from its own lines");
                    }
                }
            }
            counter.tornLines = 0;
            Map<Path, HourSummary.Read> summaries = readSummaries(attrs);
            for (Map.Entry<Path, BasicFileAttributes> e : attrs.entrySet()) {
                FileState s = files.get(e.getKey());
                if (s == null) {
                    s = new FileState(e.getValue().fileKey());
                    files.put(e.getKey(), s);
                    HourSummary.Read summary = summaries.get(e.getKey());
                    if (summary != null) {
                        useSummary(e.getKey(), s, summary);
                    }
                }
                readNew(e.getKey(), s, e.getValue().size());
            }
            index.recomputeCleanRollups();
            pastRetentionCalls = RetentionDrops.total(store);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read store " + store.root() + ": " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Runs {@code query} against the index under the read lock. Minute lines that a summary stands for are
     * loaded when a query first needs them: the index then stops the query, this method loads them and runs
     * the query again, so a query must not depend on having run before (every query here computes its
     * answer from the index alone).
     */
    public <T> T read(Function<StoreIndex, T> query) {
        return read(query, false);
    }

    /**
     * As {@link #read}, for a query that is a function of the index alone, with no effect outside its answer, so it
     * may run any number of times: minute lines a summary stands for are loaded only from the minute the query
     * needs on (the edge of a range, the last minutes of the dashboard), and it may be stopped and run again for
     * each. {@link #read} loads whole hours, so a query that keeps something from a run it did not finish (a
     * list it appends to) meets each hour at most once.
     */
    public <T> T query(Function<StoreIndex, T> query) {
        return read(query, true);
    }

    private <T> T read(Function<StoreIndex, T> query, boolean fromTheMinuteOn) {
        for (int attempt = 0; ; attempt++) {
            long need;
            long from;
            long to;
            boolean slices;
            lock.readLock().lock();
            try {
                return query.apply(index);
            } catch (StoreIndex.MinutesNotLoaded m) {
                if (lock.getReadHoldCount() > 1) {
                    throw m; // a read inside a read: the outermost one loads, holding no lock
                }
                need = attempt >= 64 ? StoreIndex.MinutesNotLoaded.ALL : m.hour;
                from = fromTheMinuteOn ? m.fromMillis : m.hour;
                to = fromTheMinuteOn ? m.toMillis : m.hour + Resolution.HOUR.millis();
                // a query that may not run again for each part loads the hour whole, which needs no slices
                slices = fromTheMinuteOn && m.slices;
            } finally {
                lock.readLock().unlock();
            }
            if (need == StoreIndex.MinutesNotLoaded.ALL) {
                loadAllMinutes(false);
            } else if (slices) {
                loadSlices(need);
            } else {
                loadMinutes(need, from, to);
            }
        }
    }

    /**
     * Loads every minute line that is so far known only through a summary, one hour at a time (so queries
     * run in between). The sidecar calls it in the background once it has answered its first question: before
     * each hour it yields to the questions in progress ({@link #yieldToForeground()}).
     */
    public void loadAllMinutes() {
        loadAllMinutes(true);
    }

    private void loadAllMinutes(boolean inBackground) {
        while (true) {
            if (inBackground) {
                yieldToForeground();
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
            Long hour;
            lock.readLock().lock();
            try {
                hour = index.unloadedHours().stream().max(Long::compare).orElse(null);
            } finally {
                lock.readLock().unlock();
            }
            if (hour == null) {
                return;
            }
            loadMinutes(hour, hour, hour + Resolution.HOUR.millis());
        }
    }

    /**
     * Adds the 10-minute slices of the summaries of {@code hour} to the index, read again from the summary files;
     * if any summary of the hour is no longer the one read (the hour in progress: rewritten since) or its slices do
     * not read, the hour is answered from its minutes instead.
     */
    private void loadSlices(long hour) {
        lock.writeLock().lock();
        try {
            if (!index.slicesUnloaded(hour)) {
                return;
            }
            for (Map.Entry<Path, FileState> e : files.entrySet()) {
                FileState s = e.getValue();
                if (s.summary == null || s.hour != hour || s.slicesAdded) {
                    continue;
                }
                List<CallRecord> slices = HourSummary.readSlices(e.getKey(), s.summary, hour, s.summarySeries);
                if (slices == null) {
                    index.slicesUnavailable(hour);
                    return;
                }
                slices.forEach(l -> index.addSlice(hour, l));
                s.slicesAdded = true;
            }
            index.slicesLoaded(hour);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Loads the summarised minute lines of {@code hour} starting in {@code [fromMillis, toMillis)} into the index (the
     * other minutes stay known through their summaries only), and the deferred consolidated files of the hour whole.
     */
    private void loadMinutes(long hour, long fromMillis, long toMillis) {
        lock.writeLock().lock();
        try {
            boolean consolidated = false;
            for (Map.Entry<Path, FileState> e : files.entrySet()) {
                if (e.getValue().deferred > 0 && e.getValue().hour == hour) {
                    loadDeferred(e.getKey(), e.getValue(), fromMillis, toMillis);
                } else if (e.getValue().deferredGzip && e.getValue().hour == hour) {
                    loadDeferredGzip(e.getKey(), e.getValue());
                    consolidated = true;
                }
            }
            if (rebuildNext) {
                // a file of this hour did not hold what stood for it (a summary, or the rollups that name it): read
                // the store anew now, so no question ever sees the hour half loaded
                refresh();
                return;
            }
            index.markLoaded(hour, fromMillis, toMillis);
            if (consolidated) {
                index.recomputeCleanRollups();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read store " + store.root() + ": " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Whether {@code file} may be read through its summary: a plain minute file, for a reader of plain files. */
    private boolean summarisable(Path file) {
        if (!plainMinuteFiles || !file.startsWith(store.minuteDirectory()) || distrusted.contains(file)
                || !file.getFileName().toString().endsWith(".jsonl")) {
            return false;
        }
        return Compactor.bucketEnd(store.minuteDirectory().relativize(file), 3) >= 0;
    }

    /**
     * The valid summaries of the new files that may be read through one ({@link #summarisable}), by file. They
     * are read and decoded side by side (a day of them is the most of what a fresh reader does before its first
     * answer, and each is independent of the others); the index takes them in file order afterwards.
     */
    private Map<Path, HourSummary.Read> readSummaries(Map<Path, BasicFileAttributes> attrs) {
        List<Map.Entry<Path, BasicFileAttributes>> candidates = new ArrayList<>();
        for (Map.Entry<Path, BasicFileAttributes> e : attrs.entrySet()) {
            if (!files.containsKey(e.getKey()) && summarisable(e.getKey())) {
                candidates.add(e);
            }
        }
        Map<Path, HourSummary.Read> out = new java.util.concurrent.ConcurrentHashMap<>();
        Stream<Map.Entry<Path, BasicFileAttributes>> stream = candidates.size() > 1 ? candidates.parallelStream() : candidates.stream();
        stream.forEach(e -> {
            HourSummary.Read r = HourSummary.read(e.getKey(), e.getValue().size(), problem -> { });
            if (r != null) {
                out.put(e.getKey(), r);
            }
        });
        return out;
    }

    /**
     * Reads a new plain minute file of a closed hour through its summary, if it has a valid one: the
     * summary's series lines go to the hour aggregates and its process lines to the index, the summarised
     * bytes are marked as read (what follows them is read as usual), and their minute lines are left for
     * {@link #loadMinutes}, from the minute a question needs on. The hour in progress is read so too: its summary is
     * at most 10 minutes old, the lines after it are read at once, and the questions about its last minutes (the
     * dashboard, alerts) load only the summarised lines of those minutes. A consolidated file has no summary (its
     * hour has rollups), and a reader that leaves plain files out of its index (the compactor's) never uses summaries.
     */
    private void useSummary(Path file, FileState s, HourSummary.Read summary) {
        long end = Compactor.bucketEnd(store.minuteDirectory().relativize(file), 3);
        long hour = end - Resolution.HOUR.millis();
        for (RecordCodec.SummaryLine l : summary.series()) {
            if (l.hour().startMillis() != hour) {
                return; // a summary of another hour: not this file's
            }
        }
        summary.series().forEach(l -> index.addSummary(hour, l));
        summary.processes().forEach(index::add);
        s.hour = hour;
        s.summary = summary.header();
        s.summarySeries = new HashMap<>();
        for (RecordCodec.SummaryLine l : summary.series()) {
            s.summarySeries.put(l.hour().key(), new HourSummary.SeriesSpan(l.hour().totalCalls(), l.firstMinuteMillis(),
                    l.lastMinuteMillis()));
        }
        s.deferred = summary.header().bytes();
        s.deferredCalls = summary.header().calls();
        s.consumed = summary.header().bytes();
        // every summarised minute line lies within its series' first and last minute
        long loadedFrom = hour;
        for (RecordCodec.SummaryLine l : summary.series()) {
            loadedFrom = Math.max(loadedFrom, l.lastMinuteMillis() + Resolution.MINUTE.millis());
        }
        s.loaded = StoreIndex.minuteMask(hour, loadedFrom, end);
    }

    private static final byte[] MINUTE_PREFIX = "{\"v\":1,\"type\":\"calls\",\"res\":\"minute\",\"start\":\""
            .getBytes(StandardCharsets.UTF_8);
    private static final int TIMESTAMP = "2026-11-25T13:05:00Z".length();

    /**
     * Reads the summarised lines of a file with minutes in {@code [fromMillis, toMillis)} not loaded yet into the
     * minute buckets (the others stay for a later question); a line that does not read there, or covered bytes that
     * are not the ones the summary was made of, distrust the summary.
     */
    private void loadDeferred(Path file, FileState s, long fromMillis, long toMillis) throws IOException {
        long want = StoreIndex.minuteMask(s.hour, fromMillis, toMillis) & ~s.loaded;
        if (want == 0) {
            return;
        }
        // process lines (their summary holds them) are counted once: in the load that completes the file
        boolean completes = (s.loaded | want) == StoreIndex.ALL_MINUTES;
        byte[] bytes;
        int length;
        try {
            ByteBuffer buf = ByteBuffer.allocate((int) s.deferred);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                while (buf.hasRemaining() && ch.read(buf) > 0) {
                    // up to the summarised length
                }
            }
            bytes = buf.array();
            length = buf.position();
        } catch (NoSuchFileException gone) {
            s.deferred = 0;
            return; // removed (retention, compaction): the next refresh reads the store anew
        }
        if (!s.verified && !HourSummary.covers(s.summary, bytes, length)) {
            // Damaged beneath its summary (or replaced): the summary answered until now, the minute file is the
            // truth from here on, and what it lost is counted when it is read as minute lines.
            s.deferred = 0;
            distrusted.add(file);
            rebuildNext = true;
            return;
        }
        s.verified = true;
        boolean damaged = false;
        long hourEnd = s.hour + Resolution.HOUR.millis();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            int lineStart = start;
            start = i + 1;
            if (i == lineStart) {
                continue;
            }
            long minute = minuteOf(bytes, lineStart, i);
            if (minute != Long.MIN_VALUE && !wanted(want, s.hour, minute)) {
                continue; // a minute not asked for, or loaded before: its line is checked (the bytes' CRC) and left
            }
            String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
            try {
                RecordCodec.Line parsed = RecordCodec.decode(line);
                if (parsed.calls() == null) {
                    if (completes) {
                        counter.lines++;
                    }
                    continue;
                }
                long m = Resolution.MINUTE.floor(parsed.calls().startMillis());
                if (m < s.hour || m >= hourEnd || parsed.calls().resolution() != Resolution.MINUTE) {
                    damaged = true; // not a minute of this file's hour: not what a summary is made of
                } else if (wanted(want, s.hour, m)) {
                    counter.lines++;
                    index.addDeferred(parsed.calls());
                    s.loadedCalls += parsed.calls().totalCalls();
                }
            } catch (RecordCodec.MalformedRecordException e) {
                damaged = true;
                counter.malformed++;
                s.malformed++;
                s.problem(counter, file + ": " + e.getMessage());
            }
        }
        damaged |= start != length;
        s.loaded |= want;
        if (completes) {
            s.deferred = 0;
            if (s.loadedCalls != s.deferredCalls) {
                damaged = true; // the minute lines do not hold what the summary says they hold
            }
        }
        if (damaged) {
            // The minute file is the truth: read the store again without this file's summary.
            distrusted.add(file);
            rebuildNext = true;
        }
    }

    /** Whether the minute at {@code minute} of the hour at {@code hour} is in {@code mask}. */
    private static boolean wanted(long mask, long hour, long minute) {
        long i = (minute - hour) / Resolution.MINUTE.millis();
        return minute >= hour && i < 60 && (mask & (1L << i)) != 0;
    }

    /**
     * The minute of the calls line in {@code bytes[from, to)} when it begins as every minute line this format writes,
     * else {@link Long#MIN_VALUE} (the line is then decoded to know).
     */
    private static long minuteOf(byte[] bytes, int from, int to) {
        int stamp = from + MINUTE_PREFIX.length;
        if (to - from < MINUTE_PREFIX.length + TIMESTAMP + 1 || bytes[stamp + TIMESTAMP] != '"') {
            return Long.MIN_VALUE;
        }
        for (int i = 0; i < MINUTE_PREFIX.length; i++) {
            if (bytes[from + i] != MINUTE_PREFIX[i]) {
                return Long.MIN_VALUE;
            }
        }
        try {
            return Resolution.MINUTE.floor(RecordCodec.instantMillis(new String(bytes, stamp, TIMESTAMP, StandardCharsets.ISO_8859_1)));
        } catch (RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }

    /** What the reads so far met (since the last full re-read). */
    public ReadStats stats() {
        lock.readLock().lock();
        try {
            int damagedFiles = (int) files.values().stream().filter(f -> f.damaged || f.hasTornTail || f.malformed > 0).count();
            return new ReadStats(files.size(), counter.lines, counter.tornLines, counter.malformed, damagedFiles, counter.problems,
                    pastRetentionCalls);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The {@link SourceIds ids} of the consolidated minute files read, by path. */
    Map<Path, String> sourceIds() {
        lock.readLock().lock();
        try {
            Map<Path, String> out = new HashMap<>();
            files.forEach((p, f) -> {
                if (f.sourceId != null) {
                    out.put(p, f.sourceId);
                }
            });
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<Path> listDataFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        // Rollups first: a minute record is added beside its rollup only if the rollup does not hold it.
        for (Path dir : List.of(store.hourDirectory(), store.dayDirectory(), store.minuteDirectory())) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(StoreReader::isDataFile).sorted().forEach(out::add);
            } catch (UncheckedIOException e) {
                // A directory removed by retention while we walked it: the next refresh sees the new state.
                if (!(e.getCause() instanceof NoSuchFileException)) {
                    throw e.getCause();
                }
            }
        }
        return out;
    }

    /**
     * Plain and gzipped JSON Lines; a plain file whose gzipped twin exists is skipped, because the
     * compactor writes the twin (atomically) before it deletes the plain file.
     */
    private static boolean isDataFile(Path p) {
        String name = p.getFileName().toString();
        if (name.endsWith(".jsonl.gz")) {
            return Files.isRegularFile(p);
        }
        return name.endsWith(".jsonl") && Files.isRegularFile(p) && !Files.exists(p.resolveSibling(name + ".gz"));
    }

    /**
     * A gzipped file is read to its end, which checks its CRC, before anything of it is used. A rollup
     * (hour or day) that fails the check is skipped whole, as if absent — readers then use the minute
     * data beneath it, and the compactor rebuilds it — because a rollup with some buckets missing would
     * pass for a clean one; a consolidated minute file keeps the lines before the damage.
     */
    private void readGzip(Path file, FileState s, long size) throws IOException {
        if (s.consumed > 0) {
            if (s.damaged) {
                counter.tornLines++; // still damaged: still counted, as long as the file is there
            }
            return; // written whole and never appended to: read once
        }
        String damage = null;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException gone) {
            return;
        }
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream(bytes.length * 4);
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) > 0) {
                content.write(chunk, 0, n);
            }
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            damage = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        byte[] plain = content.toByteArray();
        int end = plain.length;
        if (damage != null) {
            while (end > 0 && plain[end - 1] != '\n') {
                end--; // the line the damage cut is not whole
            }
        }
        boolean rollup = !file.startsWith(store.minuteDirectory());
        s.damaged = damage != null;
        if (damage == null && deferGzip(file, s, plain, end)) {
            s.consumed = Math.max(1, size);
            return;
        }
        List<String> lines = new ArrayList<>();
        for (String line : new String(plain, 0, end, StandardCharsets.UTF_8).split("\n")) {
            lines.add(line);
        }
        if (damage != null && rollup) {
            counter.tornLines++;
            s.problem(counter, file + ": damaged rollup (" + damage + "), skipped whole; the minute data beneath it is "
                    + "used where it is still kept, and the next compaction rewrites it");
            s.consumed = Math.max(1, size);
            return;
        }
        // A damaged file is known by its path alone: a rollup that merged it whole holds it, else its
        // readable part is counted beside the rollup.
        s.sourceId = damage == null ? SourceIds.of(store.minuteDirectory(), file, plain)
                : SourceIds.damaged(store.minuteDirectory(), file);
        for (String line : lines) {
            s.lineNumber++;
            if (!line.isEmpty()) {
                accept(file, s, line);
            }
        }
        if (damage != null) {
            counter.tornLines++;
            s.problem(counter, file + ":" + (s.lineNumber + 1) + ": damaged gzip (" + damage + "), rest skipped");
        }
        s.consumed = Math.max(1, size);
    }

    /**
     * Leaves the minute lines of a whole, consolidated minute file of a closed hour unread when the rollups
     * of its hour (and day) name it, so they answer for it: only its {@code process} lines are read now, and
     * its {@code calls} lines are counted but read when a question first needs minutes of that hour
     * ({@link #loadMinutes}), into the index as if read now. Not for the compactor's reader, which merges them.
     */
    private boolean deferGzip(Path file, FileState s, byte[] plain, int end) {
        if (!plainMinuteFiles || !file.startsWith(store.minuteDirectory()) || distrusted.contains(file)) {
            return false;
        }
        long fileEnd = Compactor.bucketEnd(store.minuteDirectory().relativize(file), 3);
        if (fileEnd < 0 || fileEnd > System.currentTimeMillis()) {
            return false;
        }
        long hour = fileEnd - Resolution.HOUR.millis();
        String id = SourceIds.of(store.minuteDirectory(), file, plain);
        if (!index.rollupsName(hour, id)) {
            return false;
        }
        s.sourceId = id;
        s.hour = hour;
        s.deferredGzip = true;
        int start = 0;
        for (int i = 0; i <= end; i++) {
            if (i == end || plain[i] == '\n') {
                s.lineNumber++;
                if (i > start) {
                    if (isCallsLine(plain, start, i)) {
                        counter.lines++; // read, and checked, when its hour is loaded
                    } else {
                        accept(file, s, new String(plain, start, i - start, StandardCharsets.UTF_8));
                    }
                }
                start = i + 1;
            }
        }
        index.deferConsolidated(hour);
        return true;
    }

    private static final byte[] CALLS_PREFIX = "{\"v\":1,\"type\":\"calls\",".getBytes(StandardCharsets.UTF_8);

    /** Whether the line in {@code [from, to)} begins as every {@code calls} line this format writes. */
    private static boolean isCallsLine(byte[] bytes, int from, int to) {
        if (to - from < CALLS_PREFIX.length) {
            return false;
        }
        for (int i = 0; i < CALLS_PREFIX.length; i++) {
            if (bytes[from + i] != CALLS_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the {@code calls} lines {@link #deferGzip} left unread into the index. If the file is no longer
     * the one its rollups name, or holds calls of another hour (stores of earlier builds), the store is read
     * anew at the next refresh without leaving this file unread.
     */
    private void loadDeferredGzip(Path file, FileState s) throws IOException {
        s.deferredGzip = false;
        byte[] plain;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            plain = in.readAllBytes();
        } catch (NoSuchFileException gone) {
            return; // removed (retention): the next refresh reads the store anew
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            plain = null;
        }
        if (plain == null || !Objects.equals(SourceIds.of(store.minuteDirectory(), file, plain), s.sourceId)) {
            distrusted.add(file);
            rebuildNext = true;
            return;
        }
        long lineNumber = 0;
        int start = 0;
        for (int i = 0; i <= plain.length; i++) {
            if (i == plain.length || plain[i] == '\n') {
                lineNumber++;
                if (i > start && isCallsLine(plain, start, i)) {
                    try {
                        CallRecord r = RecordCodec.decode(new String(plain, start, i - start, StandardCharsets.UTF_8)).calls();
                        if (r != null) {
                            index.add(r, s.sourceId);
                            if (Resolution.HOUR.floor(r.startMillis()) != s.hour) {
                                distrusted.add(file);
                                rebuildNext = true;
                            }
                        }
                    } catch (RecordCodec.MalformedRecordException e) {
                        counter.malformed++;
                        s.malformed++;
                        s.problem(counter, file + ":" + lineNumber + ": " + e.getMessage());
                    }
                }
                start = i + 1;
            }
        }
    }

    private void readNew(Path file, FileState s, long size) throws IOException {
        if (file.getFileName().toString().endsWith(".gz")) {
            readGzip(file, s, size);
            return;
        }
        if (size <= s.consumed) {
            if (s.hasTornTail) {
                counter.tornLines++;
            }
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size - s.consumed));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(s.consumed);
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // keep reading until the snapshot size is reached
            }
        } catch (NoSuchFileException gone) {
            return;
        }
        byte[] bytes = buf.array();
        int len = buf.position();
        int lineStart = 0;
        for (int i = 0; i < len; i++) {
            if (bytes[i] == '\n') {
                s.lineNumber++;
                if (i > lineStart) {
                    accept(file, s, new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8));
                }
                lineStart = i + 1;
            }
        }
        s.consumed += lineStart;
        // A tail without its newline is either being written right now or was torn by a crash;
        // it is left unconsumed and counted, and read once (if ever) its newline arrives.
        s.hasTornTail = lineStart < len;
        if (s.hasTornTail) {
            counter.tornLines++;
            s.problem(counter, file + ":" + (s.lineNumber + 1) + ": torn last line (no newline), skipped");
        }
    }

    private void accept(Path file, FileState s, String line) {
        counter.lines++;
        try {
            RecordCodec.Line parsed = RecordCodec.decode(line);
            if (parsed.calls() != null) {
                if (indexed(file)) {
                    index.add(parsed.calls(), s.sourceId);
                }
            } else if (parsed.process() != null) {
                if (indexed(file)) {
                    index.add(parsed.process());
                }
            } else if (parsed.rollup() != null) {
                index.add(parsed.rollup());
            }
        } catch (RecordCodec.MalformedRecordException e) {
            counter.malformed++;
            s.malformed++;
            s.problem(counter, file + ":" + s.lineNumber + ": " + e.getMessage());
        }
    }

    private boolean indexed(Path file) {
        return plainMinuteFiles || file.getFileName().toString().endsWith(".gz") || !file.startsWith(store.minuteDirectory());
    }

    private static final class FileState {
        final Object fileKey;
        String sourceId; // of a consolidated minute file
        long consumed;
        long lineNumber;
        long malformed;
        // bytes at the start of the file known through its summary whose lines are not loaded yet; their hour
        long deferred;
        long deferredCalls;
        RecordCodec.SummaryHeader summary; // of the deferred bytes
        boolean verified; // the deferred bytes were read and are the ones the summary covers
        long loaded; // the minutes whose deferred lines are loaded (StoreIndex#minuteMask of its hour)
        boolean slicesAdded; // the slices of its summary are in the index
        Map<SeriesKey, HourSummary.SeriesSpan> summarySeries; // what its summary says per series, to check its slices by
        long loadedCalls; // the calls of the deferred minute lines loaded so far
        long hour;
        boolean hasTornTail;
        boolean damaged;
        // a consolidated file whose calls lines are not read yet (deferGzip); their hour is `hour`
        boolean deferredGzip;
        int problemsReported;

        FileState(Object fileKey) {
            this.fileKey = fileKey;
        }

        /** Reports at most a few problems per file, so one garbage file cannot hide the others. */
        void problem(StatsCounter counter, String text) {
            if (problemsReported++ < 3) {
                counter.problem(text);
            }
        }
    }

    private static final class StatsCounter {
        long lines;
        long tornLines;
        long malformed;
        final List<String> problems = new ArrayList<>();

        void problem(String p) {
            if (problems.size() < 50) {
                problems.add(p);
            }
        }
    }
}
