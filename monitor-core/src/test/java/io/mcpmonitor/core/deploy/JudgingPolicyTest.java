package io.mcpmonitor.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JudgingPolicyTest {

    @Test
    void theDelayIsWholeMinutesBecauseTheStoreKeepsMinutes() {
        JudgingPolicy one = JudgingPolicy.of(Duration.ofMinutes(1), JudgeThresholds.DEFAULTS);
        assertThat(one.maxWait()).isEqualTo(Duration.ofMinutes(4));
        assertThatThrownBy(() -> JudgingPolicy.of(Duration.ofSeconds(30), JudgeThresholds.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay: must be a whole number of minutes (the store keeps minutes), was PT30S");
        assertThatThrownBy(() -> JudgingPolicy.of(Duration.ofSeconds(90), JudgeThresholds.DEFAULTS))
                .hasMessageStartingWith("delay: must be a whole number of minutes");
        assertThatThrownBy(() -> JudgingPolicy.of(Duration.ZERO, JudgeThresholds.DEFAULTS))
                .hasMessageStartingWith("delay: must be a positive duration");
    }
}
