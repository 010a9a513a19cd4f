package io.mcpmonitor.core.health;

import io.mcpmonitor.core.record.Outcome;
import io.mcpmonitor.core.store.Bucket;
import io.mcpmonitor.core.store.DenseCounts;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.StoreIndex;
import java.util.ArrayList;
import java.util.List;

/** Minute-by-minute percentiles and error rate of one server or all, for the dashboard's charts. */
final class Timeline {

    /** Most minutes one timeline covers: the minute data kept (24 h). */
    static final int MAX_MINUTES = 1440;

    private Timeline() {
    }

    static List<TimelinePoint> of(StoreIndex ix, String serverOrNull, int minutes, long now, DenseCounts scratch) {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new IllegalArgumentException("minutes: must be between 1 and " + MAX_MINUTES + ", was " + minutes);
        }
        long to = Resolution.MINUTE.floor(now) + Resolution.MINUTE.millis();
        long from = to - minutes * Resolution.MINUTE.millis();
        List<StoreIndex.Series> matching = new ArrayList<>();
        for (StoreIndex.Series s : ix.series()) {
            if ((serverOrNull == null || serverOrNull.equals(s.key().server())) && s.lastSeenMillis() > from) {
                matching.add(s);
            }
        }
        List<TimelinePoint> out = new ArrayList<>(minutes);
        for (long m = from; m < to; m += Resolution.MINUTE.millis()) {
            scratch.reset();
            long calls = 0;
            long failed = 0;
            for (StoreIndex.Series s : matching) {
                Bucket b = s.buckets(Resolution.MINUTE).get(m);
                if (b != null) {
                    calls += b.totalCalls();
                    failed += b.totalCalls() - b.count(Outcome.SUCCESS);
                    b.histogram().addTo(scratch);
                }
            }
            out.add(new TimelinePoint(m, calls, ServerAssessment.ms(scratch.valueAtPercentile(50)),
                    ServerAssessment.ms(scratch.valueAtPercentile(95)), ServerAssessment.ms(scratch.valueAtPercentile(99)),
                    ServerAssessment.percent(failed, calls)));
        }
        return out;
    }
}
