package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.call.McpMethod;
import io.mcpmonitor.core.call.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The direct reader of calls lines gives the record the JSON-tree decoder gives, for every line it takes, and
 * leaves to the tree decoder every line it does not (so a line that is not valid is refused with the tree
 * decoder's words): over random records as the codec writes them, over those lines mutated in the ways
 * JSON allows or a damaged file shows, and over the golden files of every version.
 */
class CallsLineReaderTest {

    private static final String[] NAMES = {"weather", "forecast", "", "a/b", "../../etc", "con", "tab\there",
        "quote\"back\\slash", "new\nline", "\u0001control", "ünïcödé", "emoji \uD83D\uDE00", "\uD800lone", "{\"json\":1}",
        "\"tool\":\"x\"", "x".repeat(300)};

    private static String name(Random r) {
        return NAMES[r.nextInt(NAMES.length)] + (r.nextBoolean() ? "" : Integer.toString(r.nextInt(1000)));
    }

    private static CallRecord record(Random r) {
        long[] counts = new long[Outcome.values().length];
        org.HdrHistogram.Histogram h = HistogramFormat.newHistogram();
        int outcomes = r.nextInt(4);
        for (int i = 0; i < outcomes; i++) {
            Outcome o = Outcome.values()[r.nextInt(counts.length)];
            long n = 1 + r.nextInt(r.nextBoolean() ? 10 : 1_000_000);
            counts[o.ordinal()] += n;
            h.recordValueWithCount(100 + r.nextInt(1_000_000_000), n);
        }
        List<ErrorCount> errors = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            String raw = name(r);
            errors.add(r.nextBoolean() ? ErrorCount.grouped(Outcome.TOOL_ERROR, name(r), raw, 1 + r.nextInt(100))
                    : new ErrorCount(Outcome.EXCEPTION, name(r), raw, r.nextInt(3)));
        }
        Map<String, Long> clients = new TreeMap<>();
        Map<String, Long> clientErrors = new TreeMap<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            clients.put(name(r), (long) r.nextInt(500));
            if (r.nextBoolean()) {
                clientErrors.put(name(r), (long) r.nextInt(5));
            }
        }
        ResultSizes sizes = ResultSizes.EMPTY;
        if (r.nextBoolean()) {
            org.HdrHistogram.Histogram b = HistogramFormat.newHistogram();
            b.recordValueWithCount(1 + r.nextInt(100_000), 1 + r.nextInt(10));
            sizes = new ResultSizes(SparseHistogram.of(b), b.getTotalCount() * 7, 100_000);
        }
        Resolution res = Resolution.values()[r.nextInt(3)];
        long start = res.floor(1_700_000_000_000L + (long) r.nextInt(1_000_000) * 60_000L);
        String method = McpMethod.ALL.get(r.nextInt(McpMethod.ALL.size()));
        long sum = r.nextInt(5) == 0 ? CallRecord.UNKNOWN_SUM : Math.abs(r.nextLong() % 1_000_000_000_000L);
        return new CallRecord(res, start, name(r), name(r), counts, SparseHistogram.of(h), errors, sum, clients, sizes,
                method, clientErrors);
    }

    /** The record as the codec writes it: equal records write equal lines. */
    private static String canonical(CallRecord r) {
        return RecordCodec.encode(r);
    }

    /** Checks one line: the direct reader takes it only if the tree decoder reads it, and then reads the same. */
    private static boolean agree(String verified) {
        CallsLineReader.Read fast = CallsLineReader.read(verified);
        RecordCodec.Line tree;
        try {
            tree = RecordCodec.decodeTree(verified);
        } catch (RecordCodec.MalformedRecordException e) {
            assertThat(fast).as("refused by the tree decoder (%s), so not taken directly: %s", e.getMessage(), verified).isNull();
            return false;
        }
        if (fast == null) {
            return false;
        }
        assertThat(tree.calls()).as(verified).isNotNull();
        assertThat(canonical(fast.record())).as(verified).isEqualTo(canonical(tree.calls()));
        assertThat(fast.record().totalCalls()).isEqualTo(tree.calls().totalCalls());
        return true;
    }

    @Test
    void everyLineTheCodecWritesIsReadDirectlyAsTheTreeDecoderReadsIt() throws Exception {
        Random r = new Random(20261203L);
        for (int i = 0; i < 3000; i++) {
            CallRecord rec = record(r);
            String line = LineCheck.seal(RecordCodec.encode(rec));
            String verified = LineCheck.verified(line);
            assertThat(agree(verified)).as("taken directly: %s", verified).isTrue();
            assertThat(canonical(RecordCodec.decode(line).calls())).isEqualTo(canonical(rec));
            if (rec.resolution() == Resolution.HOUR) {
                long first = rec.startMillis() + r.nextInt(60) * 60_000L;
                String summary = LineCheck.seal(RecordCodec.encode(new RecordCodec.SummaryLine(rec, first, first)));
                RecordCodec.SummaryLine back = RecordCodec.decodeSummaryLine(summary);
                assertThat(canonical(back.hour())).isEqualTo(canonical(rec));
                assertThat(back.firstMinuteMillis()).isEqualTo(first);
                assertThat(CallsLineReader.read(LineCheck.verified(summary))).isNotNull();
            }
        }
    }

    @Test
    void mutatedLinesAreEitherReadAsTheTreeDecoderReadsThemOrLeftToIt() {
        Random r = new Random(7);
        int taken = 0;
        int left = 0;
        String[] inserts = {" ", "\t", "\n", ",", ":", "\"", "\\", "0", "-", ".5", "e3", "null", "true", "{", "}", "[", "]",
            ",\"x\":1", ",\"v\":1", ",\"server\":\"other\"", "\\u0041", "\\q", "\u0000"};
        for (int i = 0; i < 20_000; i++) {
            String line = RecordCodec.encode(record(r));
            String mutated = switch (r.nextInt(4)) {
                case 0 -> { // insert something anywhere
                    int at = r.nextInt(line.length() + 1);
                    yield line.substring(0, at) + inserts[r.nextInt(inserts.length)] + line.substring(at);
                }
                case 1 -> { // delete a span
                    int at = r.nextInt(line.length());
                    yield line.substring(0, at) + line.substring(Math.min(line.length(), at + 1 + r.nextInt(8)));
                }
                case 2 -> { // change one character, as damage beneath a lost checksum would
                    int at = r.nextInt(line.length());
                    yield line.substring(0, at) + (char) (32 + r.nextInt(95)) + line.substring(at + 1);
                }
                default -> { // whitespace between every token, as another writer might put it
                    yield line.replace(",\"", ", \"").replace("\":", "\" : ").replace("{", "{ ").replace("}", " }");
                }
            };
            if (agree(mutated)) {
                taken++;
            } else {
                left++;
            }
        }
        assertThat(taken).as("lines still valid are mostly taken directly").isGreaterThan(1000);
        assertThat(left).isGreaterThan(1000);
    }

    @Test
    void theGoldenFilesOfEveryVersionReadAsBefore() throws Exception {
        Path golden = Path.of("src/test/resources/store-golden");
        int lines = 0;
        try (Stream<Path> files = Files.walk(golden)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        try {
                            agree(LineCheck.verified(line));
                        } catch (RecordCodec.MalformedRecordException damagedOnPurpose) {
                            // a line whose checksum is wrong is refused before either decoder sees it
                        }
                        lines++;
                    }
                }
            }
        }
        assertThat(lines).isPositive();
    }
}
