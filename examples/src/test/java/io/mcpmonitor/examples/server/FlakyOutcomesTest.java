package io.mcpmonitor.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FlakyOutcomesTest {

    @Test
    void sameSeedGivesTheSameSequenceInEveryInstance() {
        FlakyOutcomes first = new FlakyOutcomes();
        FlakyOutcomes second = new FlakyOutcomes();

        List<Double> firstDraws = Stream.generate(() -> first.draw(Optional.of(42L))).limit(5).toList();
        List<Double> secondDraws = Stream.generate(() -> second.draw(Optional.of(42L))).limit(5).toList();

        assertThat(firstDraws).isEqualTo(secondDraws).doesNotHaveDuplicates();
    }

    @Test
    void drawsStayWithinZeroInclusiveAndOneExclusive() {
        FlakyOutcomes outcomes = new FlakyOutcomes();

        assertThat(Stream.generate(() -> outcomes.draw(Optional.empty())).limit(1_000))
                .allSatisfy(draw -> assertThat(draw).isGreaterThanOrEqualTo(0.0).isLessThan(1.0));
    }

    @Test
    void seedsBeyondTheLimitRestartTheirSequenceOnEveryCall() {
        FlakyOutcomes outcomes = new FlakyOutcomes();
        for (long seed = 0; seed < FlakyOutcomes.MAX_SEQUENCES; seed++) {
            outcomes.draw(Optional.of(seed));
        }
        long extraSeed = FlakyOutcomes.MAX_SEQUENCES;

        assertThat(outcomes.draw(Optional.of(extraSeed))).isEqualTo(outcomes.draw(Optional.of(extraSeed)));
    }
}
