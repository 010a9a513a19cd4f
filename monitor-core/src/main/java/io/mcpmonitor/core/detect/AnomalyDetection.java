package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.alert.AlertRule;
import io.mcpmonitor.core.alert.DefaultRules;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.SeriesKey;
import io.mcpmonitor.core.store.StoreReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Anomaly detection over a store: the Java API behind {@code detect_anomalies} and the sidecar's
 * background detection.
 *
 * <p><b>What it watches.</b> For every series (server, tool) with minute data: p50, p95 and p99
 * response time (read from each minute's merged histogram), the error rate (all errors, and each
 * outcome class on its own), calls per minute (drops and surges); for every server: CPU and heap
 * of its processes. Each metric has its own streaming detector of the requested method and
 * sensitivity, behind the product's {@link Gates} (minimum calls, minimum effect, count-aware
 * error rates). Consecutive abnormal minutes of one series and kind are one {@link Anomaly},
 * updated while it goes on, explained from its context. Standing problems that are no change
 * ({@link StandingProblems}: a tool failing on nearly every call since first seen) are reported
 * from the window's counts.
 *
 * <p><b>Incremental.</b> Detector state is kept per (method, sensitivity) and fed each closed
 * minute once (a minute is closed {@value #GRACE_MILLIS} ms after it ends, to let the last
 * flushes in). So the first request for a method reads all minute data in the store (24 h), later
 * ones only what arrived since; the minutes not over yet are scored without being learned and
 * their anomalies marked provisional. State of a method not asked for an hour is dropped; the
 * background method ({@code auto}, {@code medium}) is kept and its anomalies are written to the
 * anomaly log, from which answers for longer lookbacks are completed.
 *
 * <p><b>Thread-safety:</b> all methods may be called from any thread; a request and the
 * background pass interleave series by series rather than wait for each other. The caller keeps
 * the reader fresh ({@link StoreReader#refresh()}) before {@link #detect}.
 *
 * <pre>{@code
 * AnomalyDetection detection = AnomalyDetection.shared(reader);
 * reader.refresh();
 * DetectionResult r = detection.detect(DetectionRequest.defaults(), System.currentTimeMillis());
 * }</pre>
 */
public final class AnomalyDetection {

    /** How long after a minute ends it is taken as complete. */
    public static final long GRACE_MILLIS = 15_000L;
    /** The method background detection runs and stores. */
    public static final DetectionMethod BACKGROUND_METHOD = DetectionMethod.AUTO;
    /** The sensitivity background detection runs and stores. */
    public static final Sensitivity BACKGROUND_SENSITIVITY = Sensitivity.MEDIUM;
    private static final long IDLE_BANK_MILLIS = 3_600_000L;
    /**
     * Background detection saves its state once it has learned this much more of the store than the
     * checkpoint on disk holds (whichever process wrote that): a process that continues from a
     * checkpoint this far behind learns these minutes in a fraction of a second, while writing the
     * state costs a second or so. So a short session, or one of several at once, writes nothing.
     */
    static final long CHECKPOINT_AFTER_MILLIS = 15 * 60_000L;
    private static final String BACKGROUND_KEY = BACKGROUND_METHOD.wireName() + "/" + BACKGROUND_SENSITIVITY.wireName();
    private static final long STALE_ONGOING_MILLIS = 15 * 60_000L;
    private static final Map<StoreReader, AnomalyDetection> SHARED = Collections.synchronizedMap(new WeakHashMap<>());

    private final StoreReader reader;
    private final AnomalyLog log;
    private final Map<String, DetectorBank> banks = new ConcurrentHashMap<>();
    private volatile Consumer<String> diagnostics = System.err::println;
    /** Guards the checkpoint bookkeeping below (never held while a bank learns). */
    private final Object checkpointLock = new Object();
    /** Closed minutes every series of the background bank has been fed up to (a full pass), or Long.MIN_VALUE. */
    private long backgroundUntil = Long.MIN_VALUE;
    /** The {@link #backgroundUntil} of the checkpoint last loaded or written. */
    private long checkpointUntil = Long.MIN_VALUE;

    /** Detection over {@code reader}'s store; anomalies are logged under {@code <store>/anomalies/}. */
    public AnomalyDetection(StoreReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.log = new AnomalyLog(reader.store().root().resolve("anomalies"));
    }

    /**
     * The one detection of this reader, shared by everything in the process that uses the reader
     * (the sidecar's tools and its background run), so detector state is built once.
     */
    public static AnomalyDetection shared(StoreReader reader) {
        synchronized (SHARED) {
            return SHARED.computeIfAbsent(reader, AnomalyDetection::new);
        }
    }

    public StoreReader reader() {
        return reader;
    }

    /**
     * Where the one-line notes about the detectors' checkpoint go (loaded, ignored and why, written,
     * failed); standard error by default. Returns this.
     */
    public AnomalyDetection diagnostics(Consumer<String> sink) {
        this.diagnostics = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /** Answers a request at {@code nowMillis} from what the reader holds now. */
    public DetectionResult detect(DetectionRequest request, long nowMillis) {
        return detect(request, nowMillis, DefaultRules.all());
    }

    /**
     * Answers a request at {@code nowMillis}; standing latency problems are judged against the p95
     * response-time thresholds of {@code alertRules} (the rules in force).
     */
    public DetectionResult detect(DetectionRequest request, long nowMillis, Collection<AlertRule> alertRules) {
        // a question: the background work over the reader (this class's passes among it) steps aside
        try (StoreReader.Foreground f = reader.foreground()) {
            return answer(request, nowMillis, alertRules, () -> { });
        }
    }

    /**
     * As {@link #detect(DetectionRequest, long, Collection)}, for background work (notification loops):
     * before each series it learns, it lets the requests in progress go first, so a person's question
     * does not wait behind it.
     */
    public DetectionResult detectInBackground(DetectionRequest request, long nowMillis, Collection<AlertRule> alertRules) {
        yieldToRequests();
        return answer(request, nowMillis, alertRules, this::yieldToRequests);
    }

    private DetectionResult answer(DetectionRequest request, long nowMillis, Collection<AlertRule> alertRules,
                                   Runnable beforeEachSeries) {
        DetectorBank bank = bank(request.method(), request.sensitivity(), nowMillis);
        long closedUntil = closedUntil(nowMillis);
        Predicate<SeriesKey> filter = k -> request.matches(k.server(), k.tool());
        // every tool of the server is analysed, so an anomaly of one tool knows whether the others degraded too
        bank.catchUp(reader, k -> request.server() == null || request.server().equals(k.server()), closedUntil,
                beforeEachSeries);
        if (request.server() == null && isBackground(bank)) {
            fedUntil(closedUntil);
        }
        int analysed = bank.seriesWatched(filter);
        long from = nowMillis - request.lookback().toMillis();
        long to = nowMillis + 1;
        List<Anomaly> out = new ArrayList<>(bank.anomalies(request, from, to));
        out.addAll(bank.provisional(reader, filter, closedUntil, nowMillis));
        if (isBackground(bank)) {
            Set<String> known = bank.incidentIds();
            out.forEach(a -> known.add(a.id()));
            out.addAll(fromLog(request, from, to, known, nowMillis));
        }
        // standing problems have no normal to depart from: judged from the window's counts on every request
        out.addAll(bank.standing(reader, request, from, to, alertRules));
        // ties by id: the order does not depend on the order the detectors met the incidents in
        out.sort(Comparator.comparing(Anomaly::severity).reversed().thenComparing(Anomaly::timestamp, Comparator.reverseOrder())
                .thenComparing(Anomaly::id));
        long since = bank.analysedSince();
        return new DetectionResult(request, Instant.ofEpochMilli(from), Instant.ofEpochMilli(nowMillis), out, analysed,
                since == Long.MAX_VALUE ? null : Instant.ofEpochMilli(since));
    }

    /**
     * One background pass at {@code nowMillis}: refreshes the reader, feeds the closed minutes of
     * every series to the background detectors and appends the incidents that changed to the
     * anomaly log. Returns how many changed.
     *
     * @throws IOException if the anomaly log cannot be written (the changes are kept for the next pass)
     */
    public int runBackground(long nowMillis) throws IOException {
        reader.refresh();
        DetectorBank bank = bank(BACKGROUND_METHOD, BACKGROUND_SENSITIVITY, nowMillis);
        yieldToRequests();
        bank.catchUp(reader, k -> true, closedUntil(nowMillis), this::yieldToRequests);
        fedUntil(closedUntil(nowMillis));
        List<Anomaly> changed = bank.takeUnsaved();
        try {
            log.append(changed, nowMillis);
        } catch (IOException e) {
            bank.markUnsaved(changed);
            throw e;
        }
        banks.values().removeIf(b -> !isBackground(b) && b.lastUsedMillis < nowMillis - IDLE_BANK_MILLIS);
        checkpoint(nowMillis);
        return changed.size();
    }

    /**
     * Saves the background detectors' state to the store ({@link DetectorCheckpoint}) if they learned
     * at least {@value #CHECKPOINT_AFTER_MILLIS} ms of minutes more than the checkpoint this process
     * loaded or wrote, and more than the one on disk (another process may have written a newer one),
     * and no other process is writing it. The state is copied one series at a time, so requests wait
     * for one series' copy at most. Returns the bytes written (0 when nothing was due).
     *
     * @throws IOException if the file cannot be written (the previous checkpoint, if any, stays whole)
     */
    public int checkpoint(long nowMillis) throws IOException {
        DetectorBank bank = banks.get(BACKGROUND_KEY);
        long until;
        synchronized (checkpointLock) {
            until = backgroundUntil;
            if (bank == null || until == Long.MIN_VALUE
                    || (checkpointUntil != Long.MIN_VALUE && until - checkpointUntil < CHECKPOINT_AFTER_MILLIS)) {
                return 0;
            }
        }
        Path file = DetectorCheckpoint.file(reader.store().root(), BACKGROUND_SENSITIVITY);
        long started = System.nanoTime();
        DetectorCheckpoint.Written w = DetectorCheckpoint.write(file, bank, until, nowMillis, CHECKPOINT_AFTER_MILLIS);
        if (w.bytes() > 0) {
            synchronized (checkpointLock) {
                checkpointUntil = Math.max(checkpointUntil, until);
            }
            diagnostics.accept(String.format(Locale.ROOT,
                    "mcp-monitor: detector checkpoint written (%d KB, %d ms; detectors locked %.2f ms at a time, %.1f ms at most)",
                    w.bytes() / 1024, (System.nanoTime() - started) / 1_000_000, w.medianLockNanos() / 1e6,
                    w.longestLockNanos() / 1e6));
        }
        return w.bytes();
    }

    /**
     * Waits (a bounded time) while a question is being answered ({@link StoreReader#yieldToForeground()}):
     * a detection request feeds the same detectors itself, so background work that waited loses nothing.
     */
    private void yieldToRequests() {
        reader.yieldToForeground();
    }

    private void fedUntil(long closedUntil) {
        synchronized (checkpointLock) {
            backgroundUntil = Math.max(backgroundUntil, closedUntil);
        }
    }

    /** Deletes stored anomalies whose onset day ended before {@code cutoffMillis}; returns the files deleted. */
    public int deleteStoredBefore(long cutoffMillis) throws IOException {
        return log.deleteBefore(cutoffMillis);
    }

    static long closedUntil(long nowMillis) {
        return Resolution.MINUTE.floor(nowMillis - GRACE_MILLIS);
    }

    private DetectorBank bank(DetectionMethod method, Sensitivity sensitivity, long nowMillis) {
        String key = method.wireName() + "/" + sensitivity.wireName();
        DetectorBank bank = banks.computeIfAbsent(key,
                k -> k.equals(BACKGROUND_KEY) ? restored(nowMillis) : new DetectorBank(method, sensitivity));
        bank.lastUsedMillis = nowMillis;
        return bank;
    }

    /** The background bank as the store's checkpoint left it, or a new one (one line says why). */
    private DetectorBank restored(long nowMillis) {
        Path file = DetectorCheckpoint.file(reader.store().root(), BACKGROUND_SENSITIVITY);
        long started = System.nanoTime();
        DetectorCheckpoint.Loaded loaded = DetectorCheckpoint.load(file, BACKGROUND_SENSITIVITY, nowMillis);
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (loaded.bank() == null) {
            diagnostics.accept("mcp-monitor: detectors learn the store's minute data (" + loaded.note() + ")");
            return new DetectorBank(BACKGROUND_METHOD, BACKGROUND_SENSITIVITY);
        }
        synchronized (checkpointLock) {
            backgroundUntil = Math.max(backgroundUntil, loaded.closedUntil());
            checkpointUntil = Math.max(checkpointUntil, loaded.closedUntil());
        }
        diagnostics.accept("mcp-monitor: detectors continue from their checkpoint of "
                + Instant.ofEpochMilli(loaded.closedUntil()) + " (" + loaded.bytes() / 1024 + " KB, " + ms + " ms)");
        return loaded.bank();
    }

    private static boolean isBackground(DetectorBank b) {
        return b.method == BACKGROUND_METHOD && b.sensitivity == BACKGROUND_SENSITIVITY;
    }

    /** Stored anomalies the detectors in memory do not hold (older than the minute data, or before a restart). */
    private List<Anomaly> fromLog(DetectionRequest request, long from, long to, Set<String> inMemory, long nowMillis) {
        List<Anomaly> stored;
        try {
            stored = log.read(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the anomaly log in " + log.directory() + ": " + e.getMessage(), e);
        }
        List<Anomaly> out = new ArrayList<>();
        for (Anomaly a : stored) {
            boolean server = request.server() == null || request.server().equals(a.mcpServer());
            boolean matches = a.toolName() == null
                    ? server && (request.tool() == null || a.details().alsoAffected().contains(request.tool()))
                    : request.matches(a.mcpServer(), a.toolName());
            if (!matches || inMemory.contains(a.id())) {
                continue;
            }
            if (Anomaly.ONGOING.equals(a.status()) && a.lastSeen().toEpochMilli() < nowMillis - STALE_ONGOING_MILLIS) {
                // tracked by a run that ended (a restart): it was not seen again, so it is over
                a = new Anomaly(a.id(), a.timestamp(), a.lastSeen(), a.mcpServer(), a.toolName(), a.anomalyType(),
                        a.severity(), Anomaly.RESOLVED, false, a.description(), a.details(), a.recommendations());
            }
            out.add(a);
        }
        return out;
    }
}
