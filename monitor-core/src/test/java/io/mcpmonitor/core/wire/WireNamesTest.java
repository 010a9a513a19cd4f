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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireNamesTest {

    enum Colour implements WireNamed {
        DARK_RED, BLUE
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
    void theUsualMessagesNameTheFieldTheValueAndTheAcceptedNames() {
        assertThatThrownBy(() -> WireNames.parse(Colour.class, "green", WireNames.unknownValue("colour")))
                .hasMessage("colour: unknown value 'green'; expected dark_red or blue");
        assertThatThrownBy(() -> WireNames.parseLenient(Colour.class, "green", WireNames.mustBeOneOf("colour")))
                .hasMessage("colour: 'green' must be one of dark_red, blue");
        assertThatThrownBy(() -> io.mcpmonitor.core.alert.Severity.fromWireName("fatal"))
                .hasMessage("severity: unknown value 'fatal'; expected warning or critical");
        assertThatThrownBy(() -> AlertStatus.fromWireName("x"))
                .hasMessage("status: unknown value 'x'; expected active, acknowledged, escalated or resolved");
        assertThatThrownBy(() -> DetectionMethod.parse("fast"))
                .hasMessage("method: 'fast' must be one of auto, z-score, moving-avg, percentile");
    }

    @Test
    void theDefaultNameIsTheConstantsNameInLowerCaseAndAnOverrideWins() {
        assertThat(Colour.DARK_RED.wireName()).isEqualTo("dark_red").isSameAs(Colour.DARK_RED.wireName());
        assertThat(Clash.A.wireName()).isEqualTo("same");
    }

    /**
     * The names readers of old stores and old clients depend on. Most come from the constants' names, so a
     * renamed constant must fail here rather than silently change what the store and the tools write.
     */
    @Test
    void theWireNamesOfEveryEnumStayAsTheyAre() {
        Map<Class<? extends Enum<?>>, List<String>> pinned = new LinkedHashMap<>();
        pinned.put(AlertMetric.class, List.of("response_time", "error_rate", "cpu", "memory", "no_data", "result_size"));
        pinned.put(AlertStatus.class, List.of("active", "acknowledged", "escalated", "resolved"));
        pinned.put(Statistic.class, List.of("p50", "p95", "p99", "avg", "max"));
        pinned.put(io.mcpmonitor.core.alert.Severity.class, List.of("warning", "critical"));
        pinned.put(io.mcpmonitor.core.detect.Severity.class, List.of("info", "warning", "critical"));
        pinned.put(Verdict.class, List.of("pass", "marginal", "fail", "not_enough_data"));
        pinned.put(AnomalyType.class, List.of("response_time_spike", "latency_shift", "error_rate_spike",
                "throughput_drop", "throughput_surge", "resource_spike", "persistent_errors", "persistent_latency"));
        pinned.put(DetectionMethod.class, List.of("auto", "z-score", "moving-avg", "percentile"));
        pinned.put(Sensitivity.class, List.of("low", "medium", "high"));
        pinned.put(HealthStatus.class, List.of("healthy", "degraded", "critical"));
        pinned.put(Notification.Kind.class, List.of("firing", "reminder", "escalated", "deescalated", "resolved",
                "digest", "deployment_regression", "anomaly", "anomaly_resolved", "performance_digest"));
        pinned.put(Aggregation.class, List.of("avg", "p50", "p90", "p95", "p99", "p999", "min", "max", "count",
                "error_rate", "throughput", "result_size_p50", "result_size_p95", "result_size_max", "result_size_total"));
        pinned.put(GroupBy.class, List.of("none", "minute", "hour", "day", "client", "method"));
        pinned.put(Outcome.class, List.of("success", "tool_error", "exception", "unknown_tool", "invalid_arguments",
                "cancelled", "timeout"));
        pinned.put(ReportFormat.class, List.of("markdown", "json", "html"));
        pinned.put(Resolution.class, List.of("minute", "hour", "day"));
        pinned.forEach((type, names) -> assertThat(Arrays.stream(type.getEnumConstants())
                .map(c -> ((WireNamed) c).wireName()).toList()).as(type.getName()).isEqualTo(names));
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
