package io.mcpmonitor.core.record;

import io.mcpmonitor.core.call.Outcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.store.ErrorCount;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.SeriesKey;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unknown tool names never create series, and a server's series are capped with the excess folded. */
class SeriesCapTest {

    @TempDir
    Path dir;

    Monitor monitor() {
        return Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).writerId("w").build();
    }

    Set<String> tools(String server) {
        StoreReader reader = new StoreReader(Store.at(dir));
        reader.refresh();
        return reader.read(ix -> {
            Set<String> out = new TreeSet<>();
            ix.series().forEach(s -> {
                if (s.key().server().equals(server)) {
                    out.add(s.key().tool());
                }
            });
            return out;
        });
    }

    long calls(String server, String tool) {
        StoreReader reader = new StoreReader(Store.at(dir));
        reader.refresh();
        return reader.read(ix -> ix.series(new SeriesKey(server, tool)).buckets(Resolution.MINUTE).values().stream()
                .mapToLong(b -> b.totalCalls()).sum());
    }

    List<ErrorCount> errors(String server, String tool) {
        StoreReader reader = new StoreReader(Store.at(dir));
        reader.refresh();
        return reader.read(ix -> {
            List<ErrorCount> all = new ArrayList<>();
            ix.series(new SeriesKey(server, tool)).buckets(Resolution.MINUTE).values().forEach(b -> all.addAll(b.errors()));
            return all;
        });
    }

    @Test
    void tenThousandRandomUnknownNamesMakeOneSeriesThatNamesThem() {
        Random random = new Random(7);
        try (Monitor m = monitor()) {
            m.record("srv", "echo", 1_000_000, Outcome.SUCCESS);
            for (int i = 0; i < 5; i++) { // a typo repeated before the flood keeps its own group
                m.record("srv", "noSuchTool", 50_000, Outcome.UNKNOWN_TOOL, "io.modelcontextprotocol.spec.McpError", "x");
            }
            for (int i = 0; i < 10_000; i++) {
                String name = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
                if (i % 2 == 0) {
                    m.record("srv", name, 50_000, Outcome.UNKNOWN_TOOL, "io.modelcontextprotocol.spec.McpError",
                            "Unknown tool: " + name);
                } else {
                    m.recordAt(System.currentTimeMillis(), "srv", name, 50_000, Outcome.UNKNOWN_TOOL, "", "");
                }
            }
        }
        assertThat(tools("srv")).containsExactly("(unknown tool)", "echo");
        assertThat(calls("srv", Monitor.UNKNOWN_TOOL)).isEqualTo(10_005);
        List<ErrorCount> errors = errors("srv", Monitor.UNKNOWN_TOOL);
        assertThat(errors.stream().mapToLong(ErrorCount::count).sum()).isEqualTo(10_005);
        assertThat(errors).extracting(ErrorCount::message).contains("unknown tool: noSuchTool", ErrorCount.OTHER_MESSAGE);
        assertThat(errors).filteredOn(e -> e.message().equals("unknown tool: noSuchTool"))
                .allSatisfy(e -> assertThat(e.count()).isEqualTo(5));
    }

    @Test
    void toolsBeyondTheCapAreFoldedIntoOneCountedSeries() {
        try (Monitor m = monitor()) {
            for (int i = 0; i < 1_000; i++) {
                m.record("gen", "tool-" + i, 1_000_000, Outcome.SUCCESS);
                m.timer("gen", "tool-" + i).record(1_000_000, Outcome.SUCCESS);
                m.recordAt(System.currentTimeMillis(), "gen", "tool-" + i, 1_000_000, Outcome.SUCCESS, "", "");
            }
        }
        Set<String> tools = tools("gen");
        assertThat(tools).hasSize(Monitor.MAX_TOOLS_PER_SERVER + 1).contains(Monitor.OTHER_TOOLS, "tool-0", "tool-255")
                .doesNotContain("tool-256");
        assertThat(calls("gen", Monitor.OTHER_TOOLS)).isEqualTo(3L * (1_000 - Monitor.MAX_TOOLS_PER_SERVER));
        assertThat(calls("gen", "tool-0")).isEqualTo(3);
    }
}
