package io.mcpmonitor.mcp.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ArgumentTemplate}: the arguments of an {@code mcp_tool} channel. */
@SuppressWarnings("unchecked")
class NotificationTemplateTest {

    static Map<String, Object> render(Map<String, Object> template) {
        return ArgumentTemplate.of(template).render(SampleNotifications.critical());
    }

    @Test
    void aStringThatIsExactlyOnePlaceholderKeepsTheValuesJsonType() {
        Map<String, Object> args = render(Map.of("value", "{{fields.currentValue}}", "count", "{{ fields.count }}",
                "fields", "{{fields}}", "alerts", "{{alerts}}"));
        assertThat(args.get("value")).isEqualTo(812.5);
        assertThat(args.get("count")).isEqualTo(1);
        assertThat((Map<String, Object>) args.get("fields")).containsEntry("alertId", "alt-critical-1");
        assertThat(args.get("alerts")).isEqualTo(List.of());
    }

    @Test
    void placeholdersInsideTextAreReplacedByTheirText() {
        Map<String, Object> args = render(Map.of("text",
                "{{kind}}/{{severity}} on {{server}} at {{at}}: {{fields.metric}} {{fields.currentValue}} > {{fields.threshold}} {{fields.unit}}"));
        assertThat(args.get("text")).isEqualTo("firing/critical on example-server at 2025-03-01T12:00:00Z: response_time 812.5 > 500 ms");
    }

    @Test
    void nestedObjectsAndListsAreRenderedAndOtherValuesCopied() {
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("issue", Map.of("title", "{{title}}", "labels", List.of("mcp-monitor", "{{severity}}")));
        template.put("priority", 1);
        template.put("notify", true);
        template.put("nothing", null);
        Map<String, Object> args = render(template);
        assertThat((Map<String, Object>) args.get("issue")).containsEntry("title", SampleNotifications.critical().title())
                .containsEntry("labels", List.of("mcp-monitor", "critical"));
        assertThat(args).containsEntry("priority", 1).containsEntry("notify", true).containsEntry("nothing", null);
    }

    @Test
    void anAbsentValueLeavesTheKeyOutOrRendersEmptyInText() {
        Map<String, Object> args = render(Map.of("owner", "{{fields.owner}}", "line", "owner=[{{fields.owner}}]",
                "list", List.of("{{fields.owner}}", "x")));
        assertThat(args).doesNotContainKey("owner").containsEntry("line", "owner=[]").containsEntry("list", List.of("x"));
    }

    @Test
    void aDigestExposesItsFoldedNotifications() {
        Map<String, Object> args = ArgumentTemplate.of(Map.of("first", "{{alerts.1.fields.alertId}}", "n", "{{fields.count}}",
                "all", "{{notification}}")).render(SampleNotifications.digest());
        assertThat(args).containsEntry("first", "alt-b").containsEntry("n", 2);
        assertThat((Map<String, Object>) args.get("all")).containsEntry("kind", "digest");
    }

    @Test
    void anUnknownPlaceholderIsRejectedWithItsPath() {
        assertThatThrownBy(() -> ArgumentTemplate.of(Map.of("a", Map.of("b", "x {{severty}}"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("arguments.a.b: unknown placeholder {{severty}}");
    }

    @Test
    void renderingDoesNotChangeTheTemplate() {
        ArgumentTemplate t = ArgumentTemplate.of(Map.of("l", List.of("{{kind}}")));
        t.render(SampleNotifications.critical()).put("l", "changed");
        assertThat(t.render(SampleNotifications.warning())).containsEntry("l", List.of("firing"));
    }
}
