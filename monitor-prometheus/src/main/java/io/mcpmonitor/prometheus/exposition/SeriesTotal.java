package io.mcpmonitor.prometheus.exposition;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.SparseHistogram;

/**
 * Everything one series (or a fold of several) holds, over all the time the store keeps: calls by
 * outcome and the merged latency histogram. Immutable.
 *
 * @param counts    calls by {@link Outcome#ordinal()}
 * @param histogram every call's latency, exact (the store merges histograms without loss)
 * @param firstSeenMillis start of the earliest data, epoch ms (the counters' created time)
 * @param lastSeenMillis  end of the latest data, epoch ms
 */
record SeriesTotal(long[] counts, SparseHistogram histogram, long firstSeenMillis, long lastSeenMillis) {

    static final SeriesTotal EMPTY = new SeriesTotal(new long[Outcome.values().length], SparseHistogram.EMPTY, Long.MAX_VALUE,
            Long.MIN_VALUE);

    long totalCalls() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** The sum of this and {@code o}; allocates the merged histogram. */
    SeriesTotal plus(SeriesTotal o) {
        long[] c = counts.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += o.counts[i];
        }
        return new SeriesTotal(c, histogram.plus(o.histogram), Math.min(firstSeenMillis, o.firstSeenMillis),
                Math.max(lastSeenMillis, o.lastSeenMillis));
    }
}
