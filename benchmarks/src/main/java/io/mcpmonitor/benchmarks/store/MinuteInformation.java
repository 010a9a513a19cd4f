package io.mcpmonitor.benchmarks.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * How small the minute tier could be, whatever the format: the information a busy series-minute's
 * histogram carries, against what a lossless re-encoding (sparse bucket deltas, deflate -9) reaches.
 *
 * <p>The bound: per series and hour, each bucket's count in a minute is modelled as a Poisson draw
 * with the bucket's mean rate over that hour (the best a coder could know in advance); the sum of
 * those Poisson entropies is the number of bits no lossless encoding can go below on average. It is
 * a lower bound: a real coder does not know the hour's rates beforehand.
 */
final class MinuteInformation {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Bytes per series-minute: the entropy bound, and the sparse re-encoding deflated. */
    record Result(long seriesMinutes, double entropyBytes, double sparseDeflatedBytes, double avgBuckets) {
    }

    private MinuteInformation() {
    }

    /** Reads the uncompressed {@code .jsonl} files of {@code minuteDir} (one line per series-minute). */
    static Result of(Path minuteDir) throws IOException {
        // series -> hour -> minute histograms as bucket -> count
        Map<String, Map<Long, List<Map<Long, Long>>>> bySeriesHour = new HashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(minuteDir)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        long seriesMinutes = 0;
        long buckets = 0;
        for (Path f : files) {
            try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.contains("\"type\":\"calls\"")) {
                        continue;
                    }
                    JsonNode n = JSON.readTree(line);
                    Map<Long, Long> counts = buckets(n.get("hist").asText());
                    long minute = java.time.Instant.parse(n.get("start").asText()).toEpochMilli();
                    bySeriesHour.computeIfAbsent(n.get("server").asText() + "\u0000" + n.get("tool").asText(),
                                    k -> new TreeMap<>())
                            .computeIfAbsent(minute / 3_600_000L, k -> new ArrayList<>()).add(counts);
                    seriesMinutes++;
                    buckets += counts.size();
                }
            }
        }
        double bits = 0;
        ByteArrayOutputStream sparse = new ByteArrayOutputStream();
        for (Map<Long, List<Map<Long, Long>>> hours : bySeriesHour.values()) {
            for (List<Map<Long, Long>> minutes : hours.values()) {
                Map<Long, Long> sums = new HashMap<>();
                minutes.forEach(m -> m.forEach((b, c) -> sums.merge(b, c, Long::sum)));
                for (long sum : sums.values()) {
                    bits += poissonEntropyBits(sum / (double) minutes.size()) * minutes.size();
                }
                for (Map<Long, Long> m : minutes) {
                    StringBuilder line = new StringBuilder();
                    long previous = 0;
                    for (Map.Entry<Long, Long> e : new TreeMap<>(m).entrySet()) {
                        line.append(e.getKey() - previous).append(':').append(e.getValue()).append(',');
                        previous = e.getKey();
                    }
                    sparse.writeBytes(line.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        return new Result(seriesMinutes, bits / 8 / seriesMinutes, deflated(sparse.toByteArray()) / (double) seriesMinutes,
                buckets / (double) seriesMinutes);
    }

    /** Bucket (by its lowest equivalent value, ns) to count. */
    private static Map<Long, Long> buckets(String base64) throws IOException {
        Histogram h;
        try {
            h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new IOException("undecodable histogram", e);
        }
        Map<Long, Long> out = new HashMap<>();
        for (HistogramIterationValue v : h.recordedValues()) {
            out.put(h.lowestEquivalentValue(v.getValueIteratedTo()), v.getCountAtValueIteratedTo());
        }
        return out;
    }

    static double poissonEntropyBits(double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        double h = 0;
        double logP = -lambda; // natural log of P(k), from k = 0
        double limit = lambda + 20 * Math.sqrt(lambda) + 20;
        for (int k = 0; k <= limit; k++) {
            if (k > 0) {
                logP += Math.log(lambda) - Math.log(k);
            }
            double p = Math.exp(logP);
            if (p > 0) {
                h -= p * logP;
            }
        }
        return h / Math.log(2);
    }

    private static long deflated(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(9))) {
            d.write(content);
        }
        return out.size();
    }
}
