package io.mcpmonitor.agent.it;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.CallRecord;
import io.mcpmonitor.core.store.ErrorCount;
import io.mcpmonitor.core.store.HistogramFormat;
import io.mcpmonitor.core.store.RecordCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Every tool call the agent wrote to a store's minute files, merged per series (server, tool): call counts by
 * outcome, the merged duration histogram and the error summaries. Read with monitor-core's own codec, so the
 * tests check what the sidecar will read. Immutable once read.
 */
final class StoreContents {

    private final Map<String, Series> series = new TreeMap<>();

    private StoreContents() {
    }

    static StoreContents read(Path store) {
        StoreContents contents = new StoreContents();
        Path minutes = store.resolve("minute");
        if (!Files.isDirectory(minutes)) {
            return contents;
        }
        try (Stream<Path> files = Files.walk(minutes)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    CallRecord calls = RecordCodec.decode(line).calls();
                    // Tool calls only: the series of other MCP methods (initialize, resources/read, ...) are not tools.
                    if (calls != null && calls.key().isToolCall()) {
                        contents.series.computeIfAbsent(key(calls.server(), calls.tool()), k -> new Series())
                                .add(calls);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RecordCodec.MalformedRecordException e) {
            throw new AssertionError("the agent wrote a line the store cannot read: " + e.getMessage(), e);
        }
        return contents;
    }

    Set<String> servers() {
        Set<String> servers = new TreeSet<>();
        for (String k : series.keySet()) {
            servers.add(k.substring(0, k.indexOf('\u0000')));
        }
        return servers;
    }

    Set<String> tools(String server) {
        Set<String> tools = new TreeSet<>();
        for (String k : series.keySet()) {
            if (k.startsWith(server + '\u0000')) {
                tools.add(k.substring(k.indexOf('\u0000') + 1));
            }
        }
        return tools;
    }

    long count(String server, String tool, Outcome outcome) {
        Series s = series.get(key(server, tool));
        return s == null ? 0 : s.counts[outcome.ordinal()];
    }

    long total(String server, String tool) {
        Series s = series.get(key(server, tool));
        return s == null ? 0 : s.histogram.getTotalCount();
    }

    long totalCalls() {
        return series.values().stream().mapToLong(s -> s.histogram.getTotalCount()).sum();
    }

    /** Outcome counts of one series, by wire name, for readable assertion messages. */
    Map<String, Long> outcomes(String server, String tool) {
        Map<String, Long> m = new TreeMap<>();
        Series s = series.get(key(server, tool));
        if (s != null) {
            for (Outcome o : Outcome.values()) {
                if (s.counts[o.ordinal()] > 0) {
                    m.put(o.wireName(), s.counts[o.ordinal()]);
                }
            }
        }
        return m;
    }

    double minMillis(String server, String tool) {
        return millis(histogram(server, tool).getMinValue());
    }

    double maxMillis(String server, String tool) {
        return millis(histogram(server, tool).getMaxValue());
    }

    List<ErrorCount> errors(String server, String tool) {
        Series s = series.get(key(server, tool));
        return s == null ? List.of() : Collections.unmodifiableList(s.errors);
    }

    Histogram histogram(String server, String tool) {
        Series s = series.get(key(server, tool));
        if (s == null) {
            throw new AssertionError("no series " + server + "/" + tool + " in the store; series: " + series.keySet());
        }
        return s.histogram;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        series.forEach((k, s) -> b.append(k.replace('\u0000', '/')).append(' ')
                .append(s.histogram.getTotalCount()).append(" calls; "));
        return b.toString();
    }

    private static double millis(long nanos) {
        return nanos / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }

    private static String key(String server, String tool) {
        return server + '\u0000' + tool;
    }

    private static final class Series {
        final long[] counts = new long[Outcome.values().length];
        final Histogram histogram = HistogramFormat.newHistogram();
        final List<ErrorCount> errors = new ArrayList<>();

        void add(CallRecord r) {
            for (Outcome o : Outcome.values()) {
                counts[o.ordinal()] += r.count(o);
            }
            r.histogram().addTo(histogram);
            errors.addAll(r.errors());
        }
    }
}
