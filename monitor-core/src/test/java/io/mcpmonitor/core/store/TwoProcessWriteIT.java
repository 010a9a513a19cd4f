package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.query.Summary;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs write one store at the same time; totals read back are exact. */
class TwoProcessWriteIT {

    static final int CALLS = 300_000;

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void twoJvmsWritingTheSameStoreAtOnceLoseNothing() throws Exception {
        Instant start = Instant.now();
        List<Process> procs = new ArrayList<>();
        for (String label : List.of("one", "two")) {
            procs.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), WriterProcess.class.getName(),
                    dir.toString(), String.valueOf(CALLS), label)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("out-" + label + ".log").toFile()).start());
        }
        for (Process p : procs) {
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("writer finished").isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("out-one.log"))).isZero();
        }
        try (Stream<Path> files = Files.walk(Store.at(dir).minuteDirectory())) {
            assertThat(files.filter(f -> f.toString().endsWith(".jsonl")).map(f -> f.getFileName().toString())
                    .distinct().count()).as("one file per writer process").isEqualTo(2);
        }
        MetricsQueries q = new MetricsQueries(new StoreReader(Store.at(dir)));
        Instant from = start.minus(Duration.ofMinutes(1));
        Instant to = Instant.now().plus(Duration.ofMinutes(1));
        Summary alpha = q.run(MetricsQuery.builder().server("shared").tool("alpha").start(from).end(to).build()).summary();
        Summary beta = q.run(MetricsQuery.builder().server("shared").tool("beta").start(from).end(to).build()).summary();
        Summary one = q.run(MetricsQuery.builder().server("shared").tool("gamma-one").start(from).end(to).build()).summary();
        Summary all = q.run(MetricsQuery.builder().server("shared").start(from).end(to).build()).summary();

        assertThat(alpha.totalCalls()).isEqualTo(2L * CALLS);
        assertThat(beta.totalCalls()).isEqualTo(2L * CALLS);
        assertThat(beta.errorsByOutcome()).containsEntry("tool_error", 2L * CALLS / 10);
        assertThat(one.totalCalls()).isEqualTo(CALLS);
        assertThat(all.totalCalls()).isEqualTo(6L * CALLS);
        assertThat(new File(dir.toFile(), "store.json")).exists();
    }
}
