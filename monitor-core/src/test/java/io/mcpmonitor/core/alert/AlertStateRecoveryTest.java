package io.mcpmonitor.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged alerts/state.json never takes the alert engine down: its last-good copy is used, and it says so. */
class AlertStateRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void aDamagedStateFileFallsBackToItsLastGoodCopy() throws Exception {
        AlertEngine engine = AlertEngine.open(dir, AlertPolicy.DEFAULT);
        AlertRule rule = AlertEngineTest.rule("srv", "slow", AlertMetric.RESPONSE_TIME, 500, Severity.WARNING, Duration.ZERO);
        engine.setRule(rule);
        Path state = engine.stateFile();
        byte[] good = Files.readAllBytes(state);

        Files.write(state, java.util.Arrays.copyOf(good, good.length / 2));  // torn
        AlertEngine reopened = AlertEngine.open(dir, AlertPolicy.DEFAULT);
        assertThat(reopened.rules()).contains(rule);
        assertThat(reopened.stateNote()).contains(state.toString()).contains("restored from its last-good copy");
        assertThat(state).hasBinaryContent(good);

        Files.write(state, "{\"formatVersion\":1,\"rules\":[{\"bogus\"".getBytes(StandardCharsets.UTF_8));
        Files.write(state.resolveSibling("state.json.last-good"), new byte[] {(byte) 0xff, 0, 1});
        AlertEngine fresh = AlertEngine.open(dir, AlertPolicy.DEFAULT);
        assertThat(fresh.rules()).doesNotContain(rule).isNotEmpty();  // the built-in rules
        assertThat(fresh.stateNote()).contains("moved aside");
        fresh.setRule(rule);
        assertThat(AlertEngine.open(dir, AlertPolicy.DEFAULT).stateNote()).isEmpty();
    }
}
