package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The query accumulator reports exactly what HdrHistogram reports for the same values. */
class DenseCountsTest {

    @Property(tries = 200)
    void agreesWithHdrHistogramOnEveryStatistic(
            @ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = 3_600_000_000_000L) Long> values) {
        Histogram h = HistogramFormat.newHistogram();
        values.forEach(h::recordValue);
        DenseCounts d = new DenseCounts();
        d.add(SparseHistogram.of(h));
        assertThat(d.totalCount()).isEqualTo(h.getTotalCount());
        for (double p : new double[] {0, 1, 50, 90, 95, 99, 99.9, 100}) {
            assertThat(d.valueAtPercentile(p)).as("p%s", p).isEqualTo(h.getValueAtPercentile(p));
        }
        assertThat(d.max()).isEqualTo(h.getMaxValue());
        assertThat(d.min()).isEqualTo(h.getMinValue());
        assertThat(d.mean()).isCloseTo(h.getMean(), org.assertj.core.data.Offset.offset(Math.max(1e-6, h.getMean() * 1e-12)));
    }

    @Property(tries = 100)
    void toSparseKeepsEveryBucketExactly(
            @ForAll @Size(max = 300) List<@LongRange(min = 0, max = 3_600_000_000_000L) Long> values) {
        Histogram h = HistogramFormat.newHistogram();
        values.forEach(h::recordValue);
        DenseCounts d = new DenseCounts();
        d.add(SparseHistogram.of(h));
        SparseHistogram sparse = d.toSparse();
        assertThat(sparse.totalCount()).isEqualTo(h.getTotalCount());
        assertThat(sparse.encode()).isEqualTo(SparseHistogram.of(h).encode());
        DenseCounts again = new DenseCounts();
        again.add(sparse);
        assertThat(again.valueAtPercentile(95)).isEqualTo(d.valueAtPercentile(95));
        assertThat(again.mean()).isEqualTo(d.mean());
    }

    @Test
    void resetClearsOnlyWhatWasTouchedAndMergesAreExact() {
        SplittableRandom rnd = new SplittableRandom(3);
        Histogram all = HistogramFormat.newHistogram();
        DenseCounts merged = new DenseCounts();
        DenseCounts part = new DenseCounts();
        for (int k = 0; k < 20; k++) {
            Histogram h = HistogramFormat.newHistogram();
            for (int i = 0; i < 500; i++) {
                h.recordValue((long) Math.exp(rnd.nextDouble() * 25));
            }
            all.add(h);
            part.reset();
            part.add(SparseHistogram.of(h));
            merged.add(part);
        }
        assertThat(merged.valueAtPercentile(99)).isEqualTo(all.getValueAtPercentile(99));
        assertThat(merged.totalCount()).isEqualTo(10_000);
        part.reset();
        assertThat(part.totalCount()).isZero();
        assertThat(part.valueAtPercentile(50)).isZero();
    }

    @Test
    void lazilyDecodedHistogramsReadLikeEagerOnes() {
        Histogram h = HistogramFormat.newHistogram();
        h.recordValueWithCount(12_345_678, 7);
        h.recordValue(99);
        String enc = SparseHistogram.encode(h);
        SparseHistogram lazy = SparseHistogram.decodeLazily(enc, 8);
        DenseCounts d = new DenseCounts();
        d.add(lazy);
        assertThat(d.valueAtPercentile(100)).isEqualTo(h.getValueAtPercentile(100));
        assertThat(lazy.encode()).isEqualTo(enc);
        long before = SparseHistogram.undecodable();
        SparseHistogram lying = SparseHistogram.decodeLazily(enc, 9);
        assertThat(lying.bucketCount()).isZero();
        assertThat(SparseHistogram.undecodable()).isEqualTo(before + 1);
    }

    @Property(tries = 100)
    void aBucketMergesManyHistogramsAsMergingThemOneByOneDoes(
            @ForAll @Size(min = 1, max = 30) List<@Size(max = 40) List<@LongRange(min = 0, max = 3_600_000_000_000L) Long>> parts) {
        Bucket bucket = new Bucket(0);
        SparseHistogram oneByOne = SparseHistogram.EMPTY;
        long[] counts = new long[io.mcpmonitor.core.call.Outcome.values().length];
        for (List<Long> part : parts) {
            Histogram h = HistogramFormat.newHistogram();
            part.forEach(h::recordValue);
            SparseHistogram s = SparseHistogram.decodeLazily(SparseHistogram.of(h).encode(), h.getTotalCount());
            counts[0] = h.getTotalCount();
            bucket.add(new CallRecord(Resolution.MINUTE, 0, "s", "t", counts, s, List.of()));
            oneByOne = oneByOne.plus(SparseHistogram.of(h));
        }
        assertThat(bucket.histogram().totalCount()).isEqualTo(oneByOne.totalCount());
        assertThat(bucket.histogram().bucketCount()).isEqualTo(oneByOne.bucketCount());
        assertThat(bucket.histogram().encode()).isEqualTo(oneByOne.encode());
    }
}
