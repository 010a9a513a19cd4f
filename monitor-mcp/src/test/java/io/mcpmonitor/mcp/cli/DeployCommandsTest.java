package io.mcpmonitor.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployCommandsTest {

    private static final long MINUTE = 60_000L;

    @TempDir
    Path store;

    @Test
    void deployListAndCompareWithAnExitCodeForPipelines() {
        long now = System.currentTimeMillis();
        long end = now - now % MINUTE;
        long middle = end - 20 * MINUTE;
        SplittableRandom r = new SplittableRandom(3);
        try (Monitor m = Monitor.builder().storeDirectory(store).flushInterval(Duration.ZERO).writerId("t").build()) {
            for (long t = end - 40 * MINUTE; t < end; t += 5_000) {
                double ms = (t < middle ? 100 : 250) * (0.8 + 0.4 * r.nextDouble());
                m.recordAt(t, "billing", "slow_query", (long) (ms * 1e6), Outcome.SUCCESS, null, null);
            }
        }
        String at = Instant.ofEpochMilli(middle).toString();
        CliRun deploy = CliRun.of("deploy", "billing", "2.0", "--timestamp", at, "--deployedBy", "ci", "--store", store.toString());
        assertThat(deploy.exit()).as(deploy.err()).isZero();
        assertThat(deploy.out()).startsWith("Recorded billing 2.0 (production) at " + at + " as dep-");
        CliRun list = CliRun.of("deployments", "--server", "billing", "--store", store.toString());
        assertThat(list.out()).contains(at + " billing 2.0 (production) dep-");
        String id = list.out().substring(list.out().indexOf("dep-")).strip();

        CliRun compare = CliRun.of("compare", "--deploymentId", id, "--store", store.toString());
        assertThat(compare.out()).startsWith("Verdict: FAIL").contains("slow_query: fail");
        assertThat(compare.exit()).isEqualTo(1);
        CliRun json = CliRun.of("compare", "--deploymentId", id, "--json", "--store", store.toString());
        assertThat(json.out()).contains("\"verdict\" : \"fail\"");
        assertThat(json.exit()).isEqualTo(1);

        String b = Instant.ofEpochMilli(middle - 10 * MINUTE) + "/" + Instant.ofEpochMilli(middle - MINUTE);
        String a = Instant.ofEpochMilli(middle - 20 * MINUTE) + "/" + Instant.ofEpochMilli(middle - 11 * MINUTE);
        CliRun same = CliRun.of("compare", "--server", "billing", "--before", b, "--after", a, "--store", store.toString());
        assertThat(same.out()).startsWith("Verdict: PASS");
        assertThat(same.exit()).isZero();

        CliRun bad = CliRun.of("compare", "--server", "billing", "--before", "yesterday", "--store", store.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--before: must be START/END");
    }
}
