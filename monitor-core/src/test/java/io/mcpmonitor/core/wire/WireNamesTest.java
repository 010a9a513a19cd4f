package io.mcpmonitor.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.AlertStatus;
import io.mcpmonitor.core.alert.Statistic;
import io.mcpmonitor.core.deploy.Verdict;
import io.mcpmonitor.core.detect.AnomalyType;
import io.mcpmonitor.core.detect.DetectionMethod;
import io.mcpmonitor.core.detect.Sensitivity;
import io.mcpmonitor.core.health.HealthStatus;
import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.query.Aggregation;
import io.mcpmonitor.core.query.GroupBy;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.report.ReportFormat;
import io.mcpmonitor.core.store.Resolution;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireNamesTest {

    enum Colour implements WireNamed {
        DARK_RED("dark_red"), BLUE("blue");

        private final String wireName;

        Colour(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }
    }

    enum Clash implements WireNamed {
        A, B;

        @Override
        public String wireName() {
            return "same";
        }
    }

    @Test
    void parsesExactNamesOnlyAndLetsTheEnumWordTheError() {
        assertThat(WireNames.parse(Colour.class, "dark_red", (v, n) -> "unused")).isEqualTo(Colour.DARK_RED);
        assertThatThrownBy(() -> WireNames.parse(Colour.class, "DARK_RED", (v, n) -> "colour: '" + v + "' not in " + n))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("colour: 'DARK_RED' not in [dark_red, blue]");
        assertThatThrownBy(() -> WireNames.parse(Colour.class, null, (v, n) -> "colour: " + v))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("colour: null");
    }

    @Test
    void lenientParsingIgnoresCaseAndSurroundingSpaceButKeepsTheRawValueInTheError() {
        assertThat(WireNames.parseLenient(Colour.class, "  Dark_Red ", (v, n) -> "unused")).isEqualTo(Colour.DARK_RED);
        assertThatThrownBy(() -> WireNames.parseLenient(Colour.class, " green ", (v, n) -> "colour: '" + v + "'"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("colour: ' green '");
    }

    @Test
    void namesAreInDeclarationOrderAndCannotBeChanged() {
        List<String> names = WireNames.names(Colour.class);
        assertThat(names).containsExactly("dark_red", "blue");
        assertThatThrownBy(() -> names.add("green")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anEnumWhoseConstantsShareANameIsRefusedNamingBoth() {
        assertThatThrownBy(() -> WireNames.parse(Clash.class, "same", (v, n) -> "unused"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Clash.class.getName()).hasMessageContaining("'same'");
    }

    @Test
    void everyWireNamedEnumOfTheCoreReadsBackEachOfItsNames() {
        List<Class<? extends Enum<?>>> enums = List.of(AlertMetric.class, AlertStatus.class, Statistic.class,
                io.mcpmonitor.core.alert.Severity.class, io.mcpmonitor.core.detect.Severity.class, Verdict.class,
                AnomalyType.class, DetectionMethod.class, Sensitivity.class, HealthStatus.class,
                Notification.Kind.class, Aggregation.class, GroupBy.class, Outcome.class, ReportFormat.class,
                Resolution.class);
        for (Class<? extends Enum<?>> type : enums) {
            for (Enum<?> constant : type.getEnumConstants()) {
                String name = ((WireNamed) constant).wireName();
                assertThat(readBack(type, name)).as(type.getSimpleName() + " " + name).isSameAs(constant);
            }
        }
        assertThat(Outcome.fromWireName("tool_error")).isEqualTo(Outcome.TOOL_ERROR);
        assertThat(Sensitivity.parse(" HIGH ")).isEqualTo(Sensitivity.HIGH);
        assertThatThrownBy(() -> Outcome.fromWireName("boom")).hasMessage("unknown outcome 'boom'; expected one of "
                + "[success, tool_error, exception, unknown_tool, invalid_arguments, cancelled, timeout]");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object readBack(Class type, String name) {
        return WireNames.parse(type, name, (v, n) -> "no " + v);
    }
}
