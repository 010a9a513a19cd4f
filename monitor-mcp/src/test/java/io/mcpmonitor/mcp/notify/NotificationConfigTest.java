package io.mcpmonitor.mcp.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpmonitor.core.notify.Notification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NotificationConfigTest {

    static final Map<String, String> ENV = Map.of(
            "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0SLACKTEAM/B0SLACKHOOK/slackSecretPart123",
            "GOOGLE_CHAT_WEBHOOK_URL", "https://chat.googleapis.com/v1/spaces/AAQA7space/messages?key=chatKey987&token=chatTok654",
            "PAGER_TOKEN", "pager-token-xyz",
            "SMTP_PASSWORD", "smtp-pass-abc",
            "OPTIMIZER_API_KEY", "optimizer-key-def",
            "COMMS_TOKEN", "comms-token-ghi");
    static final List<String> SECRETS = List.of("slackSecretPart123", "B0SLACKHOOK", "chatKey987", "chatTok654", "AAQA7space",
            "pager-token-xyz", "smtp-pass-abc", "optimizer-key-def", "comms-token-ghi", "alerts@example.com\"");

    static String fullExample() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "NOTIFICATIONS.md"));
        int marker = doc.indexOf("<!-- full-example -->");
        assertThat(marker).as("docs/NOTIFICATIONS.md has the full example").isPositive();
        int start = doc.indexOf("```json", marker) + "```json".length();
        return doc.substring(start, doc.indexOf("```", start));
    }

    static NotificationConfig parse(String json) {
        return NotificationConfig.parse(json, ENV::get);
    }

    @Test
    void theDocumentedFullExampleHasEveryChannelType() throws Exception {
        NotificationConfig config = parse(fullExample());
        assertThat(config.channels()).extracting(Channel::type)
                .containsExactly("webhook", "slack", "google_chat", "email", "mcp_tool", "mcp_tool");
        assertThat(config.channels()).extracting(c -> c.notifier().describe())
                .containsExactly("webhook:pager", "slack:ops-slack", "google_chat:team-chat", "email:oncall-mail",
                        "mcp_tool:optimizer", "mcp_tool:comms");
        assertThat(config.retry()).isEqualTo(new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(30)));
        Channel pager = config.channels().get(0);
        assertThat(pager.accepts(SampleNotifications.warning())).isFalse();
        assertThat(pager.accepts(SampleNotifications.critical())).isTrue();
        Channel optimizer = config.channels().get(4);
        assertThat(optimizer.accepts(SampleNotifications.of(Notification.Kind.RESOLVED, "critical", "a"))).isFalse();
    }

    @Test
    void theRedactedViewShowsTargetsButNoSecret() throws Exception {
        NotificationConfig config = parse(fullExample());
        String redacted = NotificationJson.write(config.redacted());
        for (String secret : SECRETS) {
            assertThat(redacted).doesNotContain(secret);
        }
        List<Map<String, Object>> r = config.redacted();
        assertThat(r.get(0)).containsEntry("target", "https://hooks.example.com/…")
                .containsEntry("headers", List.of("Authorization")).containsEntry("minSeverity", "critical");
        assertThat(r.get(1)).containsEntry("target", "https://hooks.slack.com/…");
        assertThat(r.get(2)).containsEntry("target", "https://chat.googleapis.com/…").containsEntry("card", true);
        assertThat(r.get(3)).containsEntry("target", "smtp://smtp.example.com:587").containsEntry("security", "starttls")
                .containsEntry("authenticated", true).containsEntry("to", List.of("oncall@example.com"));
        assertThat(r.get(4)).containsEntry("target", "stdio:npx tool track_issue").containsEntry("env",
                List.of("OPTIMIZER_API_KEY"));
        assertThat(r.get(5)).containsEntry("target", "http://127.0.0.1:8931/… tool send_message")
                .containsEntry("authenticated", true);
    }

    @Test
    void loadsAFileAndAnEmptyOneMeansNoChannels(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("notifications.json");
        Files.writeString(file, "{\"formatVersion\": 1, \"channels\": []}");
        assertThat(NotificationConfig.load(file).channels()).isEmpty();
        Files.writeString(file, "{}");
        NotificationConfig empty = NotificationConfig.load(file);
        assertThat(empty.channels()).isEmpty();
        assertThat(empty.retry()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(empty.queueCapacity()).isEqualTo(NotificationConfig.DEFAULT_QUEUE_CAPACITY);
    }

    @Test
    void aDisabledChannelIsCheckedButNotUsed() {
        NotificationConfig c = parse("{\"channels\": [{\"name\": \"off\", \"type\": \"webhook\", \"enabled\": false,"
                + " \"url\": \"http://127.0.0.1:1/x\"}]}");
        assertThat(c.channels()).isEmpty();
        assertThatThrownBy(() -> parse("{\"channels\": [{\"name\": \"off\", \"type\": \"webhook\", \"enabled\": false}]}"))
                .hasMessageContaining("field 'url': is required");
    }

    @Test
    void envPlaceholdersMayBePartOfAString() {
        NotificationConfig c = parse("{\"channels\": [{\"name\": \"h\", \"type\": \"webhook\","
                + " \"url\": \"https://hooks.example.com/${env:PAGER_TOKEN}\","
                + " \"headers\": {\"X-Key\": \"k-${env:COMMS_TOKEN}\"}}]}");
        assertThat(NotificationJson.write(c.redacted())).doesNotContain("pager-token-xyz", "comms-token-ghi");
    }

    static List<Object[]> badConfigs() {
        String hook = "\"type\": \"webhook\", \"url\": \"https://h.example.com/x\"";
        return List.of(
                new Object[] {"[]", "must be a JSON object"},
                new Object[] {"{\"formatVersion\": 2}", "top level: field 'formatVersion': version 2 is not supported"},
                new Object[] {"{\"channels\": {}}", "field 'channels': must be a list"},
                new Object[] {"{\"chanels\": []}", "top level: unknown field(s) [chanels]"},
                new Object[] {"{\"retry\": {\"maxAttempts\": 0}}", "retry: field 'maxAttempts': must be a whole number from 1"},
                new Object[] {"{\"retry\": {\"initialBackoffMs\": 5000, \"maxBackoffMs\": 10}}",
                    "retry: field 'maxBackoffMs': must be at least initialBackoffMs"},
                new Object[] {"{\"channels\": [{\"type\": \"slack\"}]}", "channels[0]: field 'name': is required"},
                new Object[] {"{\"channels\": [{\"name\": \"a b\", " + hook + "}]}", "channels[0] (a b): field 'name'"},
                new Object[] {"{\"channels\": [{\"name\": \"a\", " + hook + "}, {\"name\": \"a\", " + hook + "}]}",
                    "channels[1] (a): field 'name': \"a\" is used by an earlier channel"},
                new Object[] {"{\"channels\": [{\"name\": \"a\", \"type\": \"sms\"}]}", "channels[0] (a): field 'type': must be one of"},
                new Object[] {"{\"channels\": [{\"name\": \"a\", \"type\": \"slack\"}]}", "channels[0] (a): field 'url': is required"},
                new Object[] {"{\"channels\": [{\"name\": \"a\", \"type\": \"slack\", \"url\": \"ftp://x/y\"}]}",
                    "field 'url': must be an absolute http:// or https:// URL"},
                new Object[] {"{\"channels\": [{\"name\": \"a\", " + hook + ", \"minSeverity\": \"info\"}]}",
                    "channels[0] (a): field 'minSeverity'"},
                new Object[] {"{\"channels\": [{\"name\": \"a\", " + hook + ", \"kinds\": [\"fired\"]}]}",
                    "field 'kinds': unknown kind \"fired\""},
                new Object[] {"{\"channels\": [{\"name\": \"a\", " + hook + ", \"timeoutMs\": -1}]}", "field 'timeoutMs'"},
                new Object[] {"{\"channels\": [{\"name\": \"a\", " + hook + ", \"header\": {}}]}",
                    "channels[0] (a): unknown field(s) [header]"},
                new Object[] {"{\"channels\": [{\"name\": \"a\", " + hook + ", \"headers\": {\"X\": 1}}]}",
                    "field 'headers.X': must be a string"},
                new Object[] {"{\"channels\": [{\"name\": \"m\", \"type\": \"email\", \"host\": \"h\", \"from\": \"a@b.c\","
                    + " \"to\": [\"x@y.z\"], \"starttls\": true, \"ssl\": true}]}", "channels[0] (m): field 'ssl': cannot be combined"},
                new Object[] {"{\"channels\": [{\"name\": \"m\", \"type\": \"email\", \"host\": \"h\", \"from\": \"a@b.c\","
                    + " \"to\": []}]}", "channels[0] (m): field 'to': must not be empty"},
                new Object[] {"{\"channels\": [{\"name\": \"m\", \"type\": \"email\", \"host\": \"h\", \"from\": \"a@b.c\","
                    + " \"to\": [\"not an address\"]}]}", "channels[0] (m): field 'to[0]': not an e-mail address"},
                new Object[] {"{\"channels\": [{\"name\": \"m\", \"type\": \"email\", \"host\": \"h\", \"from\": \"a@b.c\","
                    + " \"to\": [\"x@y.z\"], \"pasword\": \"p\"}]}", "channels[0] (m): unknown field(s) [pasword]"},
                new Object[] {"{\"channels\": [{\"name\": \"t\", \"type\": \"mcp_tool\", \"tool\": \"x\", \"arguments\": {}}]}",
                    "channels[0] (t): field 'command': give exactly one of command"},
                new Object[] {"{\"channels\": [{\"name\": \"t\", \"type\": \"mcp_tool\", \"command\": \"c\", \"url\": \"http://h/m\","
                    + " \"tool\": \"x\", \"arguments\": {}}]}", "field 'url': give exactly one of command"},
                new Object[] {"{\"channels\": [{\"name\": \"t\", \"type\": \"mcp_tool\", \"url\": \"http://h/m\", \"args\": [],"
                    + " \"tool\": \"x\", \"arguments\": {}}]}", "field 'args': only applies with command"},
                new Object[] {"{\"channels\": [{\"name\": \"t\", \"type\": \"mcp_tool\", \"command\": \"c\", \"tool\": \"x\"}]}",
                    "channels[0] (t): field 'arguments': is required"},
                new Object[] {"{\"channels\": [{\"name\": \"t\", \"type\": \"mcp_tool\", \"command\": \"c\", \"tool\": \"x\","
                    + " \"arguments\": {\"a\": [\"{{titel}}\"]}}]}", "channels[0] (t): field arguments.a[0]: unknown placeholder {{titel}}"});
    }

    @ParameterizedTest
    @MethodSource("badConfigs")
    void aBadConfigNamesTheChannelAndTheField(String json, String expected) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("notification config: ").hasMessageContaining(expected);
    }

    @Test
    void anUnsetEnvironmentVariableIsNamedButNoValueIsQuoted() {
        Function<String, String> none = name -> null;
        assertThatThrownBy(() -> NotificationConfig.parse("{\"channels\": [{\"name\": \"s\", \"type\": \"slack\","
                + " \"url\": \"${env:NOT_SET_HOOK}\"}]}", none))
                .hasMessage("notification config: channels[0] (s): field 'url': environment variable NOT_SET_HOOK is not set");
    }

    @Test
    void errorsNeverQuoteAValue() {
        // A URL that does not parse, and JSON broken right inside a secret.
        assertThatThrownBy(() -> parse("{\"channels\": [{\"name\": \"s\", \"type\": \"slack\","
                + " \"url\": \"https://hooks.slack.com/ bad secretToken42\"}]}"))
                .hasMessageContaining("field 'url'").message().doesNotContain("secretToken42");
        assertThatThrownBy(() -> parse("{\"channels\": [{\"name\": \"s\", \"password\": secretToken42}]}"))
                .hasMessageContaining("not valid JSON at line 1").message().doesNotContain("secretToken42");
    }
}
