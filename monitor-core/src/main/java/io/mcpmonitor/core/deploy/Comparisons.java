package io.mcpmonitor.core.deploy;

import io.mcpmonitor.core.store.StoreReader;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The three ways to compare (docs/DEPLOYMENTS.md), each reading per-tool windows from the store and
 * handing them to the {@link CompareJudge}:
 * <ul>
 *   <li>{@link #deployment}: the {@code window} before a deployment against the {@code window} after
 *       it; the minute of the deployment itself holds both versions and belongs to neither;</li>
 *   <li>{@link #windows}: any two ranges of one server;</li>
 *   <li>{@link #servers}: one range of two servers, e.g. a staging server (candidate) against
 *       production (baseline).</li>
 * </ul>
 * Ranges are rounded down to whole minutes. Stateless and thread-safe.
 */
public final class Comparisons {

    private static final long MINUTE = 60_000L;

    private final StoreReader reader;
    private final CompareJudge judge;

    public Comparisons(StoreReader reader, CompareJudge judge) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.judge = Objects.requireNonNull(judge, "judge");
    }

    /** Before and after {@code d}, each {@code windowMillis} long; "after" ends no later than the minute in progress at {@code nowMillis}. */
    public JudgedComparison deployment(Deployment d, String toolName, long windowMillis, long nowMillis) {
        long at = d.at().toEpochMilli();
        long beforeTo = StoreWindows.floorMinute(at);
        long afterFrom = beforeTo + MINUTE;
        long afterTo = Math.max(afterFrom, Math.min(afterFrom + windowMillis, StoreWindows.floorMinute(nowMillis) + MINUTE));
        return judged("deployment", d.server(), beforeTo - windowMillis, beforeTo, d.server(), afterFrom, afterTo,
                toolName, Optional.of(d));
    }

    /** Two ranges of one server. */
    public JudgedComparison windows(String server, String toolName, long beforeFrom, long beforeTo, long afterFrom,
                                    long afterTo) {
        return judged("windows", server, beforeFrom, beforeTo, server, afterFrom, afterTo, toolName, Optional.empty());
    }

    /** One range of a candidate server against a baseline server. */
    public JudgedComparison servers(String candidate, String baseline, String toolName, long from, long to) {
        return judged("servers", baseline, from, to, candidate, from, to, toolName, Optional.empty());
    }

    private JudgedComparison judged(String mode, String baseline, long beforeFrom, long beforeTo, String candidate,
                                    long afterFrom, long afterTo, String toolName, Optional<Deployment> d) {
        Map<String, ToolWindow> before = StoreWindows.read(reader, baseline, toolName, beforeFrom, beforeTo);
        Map<String, ToolWindow> after = StoreWindows.read(reader, candidate, toolName, afterFrom, afterTo);
        Comparison c = judge.judge(before, after, StoreWindows.minutes(beforeFrom, beforeTo),
                StoreWindows.minutes(afterFrom, afterTo));
        return new JudgedComparison(mode, baseline, StoreWindows.floorMinute(beforeFrom), StoreWindows.floorMinute(beforeTo),
                candidate, StoreWindows.floorMinute(afterFrom), StoreWindows.floorMinute(afterTo), d, c);
    }
}
