package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The direct decoder of the store's histograms reads exactly what HdrHistogram's own decoder reads. */
class CompressedHistogramsTest {

    @Property(tries = 300)
    void agreesWithHdrHistogramBucketForBucket(
            @ForAll @Size(max = 400) List<@LongRange(min = 0, max = 3_600_000_000_000L) Long> values,
            @ForAll @LongRange(min = 1, max = 1_000_000) long repeat) {
        Histogram h = HistogramFormat.newHistogram();
        values.forEach(v -> h.recordValueWithCount(v, 1 + (v % 7 == 0 ? repeat : 0)));
        String encoded = SparseHistogram.encode(h);
        SparseHistogram direct = CompressedHistograms.decode(encoded);
        assertThat(direct).isNotNull();
        assertThat(buckets(direct)).isEqualTo(buckets(SparseHistogram.of(
                decodeWithHdrHistogram(encoded))));
        assertThat(direct.totalCount()).isEqualTo(h.getTotalCount());
    }

    @Test
    void everyBucketOfTheTableDecodesToItself() {
        for (int i = 0; i < BucketTable.size(); i += 1) {
            Histogram h = HistogramFormat.newHistogram();
            h.recordValueWithCount(BucketTable.LOWEST[i], 3);
            SparseHistogram d = CompressedHistograms.decode(SparseHistogram.encode(h));
            assertThat(buckets(d)).as("bucket %d", i).containsExactly(List.of(BucketTable.HIGHEST[i], 3L));
        }
    }

    @Test
    void encodingsItDoesNotKnowAreLeftToHdrHistogram() {
        Histogram other = new Histogram(1, 60_000_000_000L, 3); // another configuration
        other.recordValue(1234);
        assertThat(CompressedHistograms.decode(SparseHistogram.encode(other))).isNull();
        assertThat(CompressedHistograms.decode("HISTF!!!not-base64")).isNull();
        byte[] cut = Base64.getDecoder().decode(SparseHistogram.encode(HistogramFormat.newHistogram()));
        assertThat(CompressedHistograms.decode(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(cut, 9)))).isNull();
        // and the public decoder still reads them, through HdrHistogram
        assertThat(SparseHistogram.decode(SparseHistogram.encode(other)).totalCount()).isEqualTo(1);
    }

    private static Histogram decodeWithHdrHistogram(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)),
                    HistogramFormat.HIGHEST_TRACKABLE_NANOS);
        } catch (java.util.zip.DataFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static List<List<Long>> buckets(SparseHistogram h) {
        List<List<Long>> out = new ArrayList<>();
        h.forEachBucket((highest, median, count) -> out.add(List.of(highest, count)));
        return out;
    }
}
