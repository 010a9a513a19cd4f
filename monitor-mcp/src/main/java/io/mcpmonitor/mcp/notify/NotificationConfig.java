package io.mcpmonitor.mcp.notify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The notification config file (JSON, documented in docs/NOTIFICATIONS.md): the channels with their filters, and how
 * the dispatcher retries. Immutable and thread-safe once parsed.
 *
 * <pre>{"formatVersion": 1,
 *  "retry": {"maxAttempts": 6, "initialBackoffMs": 1000, "maxBackoffMs": 30000},
 *  "channels": [
 *    {"name": "ops", "type": "slack", "url": "${env:SLACK_WEBHOOK_URL}", "minSeverity": "critical"},
 *    {"name": "oncall", "type": "email", "host": "smtp.example.com", "starttls": true, "username": "alerts",
 *     "password": "${env:SMTP_PASSWORD}", "from": "mcp-monitor@example.com", "to": ["oncall@example.com"]}]}</pre>
 *
 * <p>Any string may contain {@code ${env:NAME}}, replaced by that environment variable; such values are treated as
 * secrets wherever they end up. A bad config is rejected with an {@link IllegalArgumentException} naming the channel
 * ({@code channels[1] (oncall)}) and the field, never quoting a value.
 *
 * <pre>{@code
 * NotificationConfig config = NotificationConfig.load(Path.of("notifications.json"));
 * config.redacted();   // for tool answers: no URL beyond scheme://host/…, no password or token
 * }</pre>
 */
public final class NotificationConfig {

    /** The version this code reads; a file may omit {@code formatVersion} (meaning 1). */
    public static final int FORMAT_VERSION = 1;
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);
    /** No channels. */
    public static final NotificationConfig EMPTY = new NotificationConfig(List.of(), RetryPolicy.DEFAULT,
            DEFAULT_QUEUE_CAPACITY, DEFAULT_DRAIN_TIMEOUT, List.of());

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final List<Channel> channels;
    private final RetryPolicy retry;
    private final int queueCapacity;
    private final Duration drainTimeout;
    private final List<io.mcpmonitor.core.notify.DigestSchedule> digests;

    private NotificationConfig(List<Channel> channels, RetryPolicy retry, int queueCapacity, Duration drainTimeout,
                               List<io.mcpmonitor.core.notify.DigestSchedule> digests) {
        this.digests = List.copyOf(digests);
        this.channels = List.copyOf(channels);
        this.retry = retry;
        this.queueCapacity = queueCapacity;
        this.drainTimeout = drainTimeout;
    }

    /**
     * Reads {@code file}, resolving {@code ${env:NAME}} from {@link System#getenv(String)}.
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if it is not a valid config
     */
    public static NotificationConfig load(Path file) throws IOException {
        String json = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return parse(json, System::getenv);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a config.
     *
     * @param env environment lookup for {@code ${env:NAME}}; returns null for an unset variable
     * @throws IllegalArgumentException if it is not a valid config
     */
    public static NotificationConfig parse(String json, Function<String, String> env) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // Jackson quotes the offending token, which may be part of a secret: keep the position, drop the quote.
            String why = e.getOriginalMessage().replaceAll("'[^']*'", "'…'").replaceAll("\\R.*", "");
            throw new IllegalArgumentException("notification config: not valid JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + why);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("notification config: must be a JSON object with a \"channels\" list");
        }
        ConfigFields top = new ConfigFields("top level", root, env);
        int version = top.integer("formatVersion", FORMAT_VERSION, 0, Integer.MAX_VALUE);
        if (version != FORMAT_VERSION) {
            throw top.error("formatVersion", "version " + version + " is not supported; this build reads " + FORMAT_VERSION);
        }
        RetryPolicy retry = retry(root.get("retry"), top, env);
        int queueCapacity = top.integer("queueCapacity", DEFAULT_QUEUE_CAPACITY, 1, 1_000_000);
        Duration drainTimeout = top.millis("drainTimeoutMs", DEFAULT_DRAIN_TIMEOUT, 0);
        JsonNode list = root.get("channels");
        List<Channel> channels = new ArrayList<>();
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw top.error("channels", "must be a list of channel objects");
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                channel(list.get(i), i, env, names).ifPresent(channels::add);
            }
        }
        List<io.mcpmonitor.core.notify.DigestSchedule> digests = DigestConfig.parse(root.get("digests"), top, env);
        readAnyway(top, "channels", "retry", "digests");
        top.rejectUnknown();
        return new NotificationConfig(channels, retry, queueCapacity, drainTimeout, digests);
    }

    private static void readAnyway(ConfigFields f, String... fields) {
        // Objects parsed by hand still count as known fields.
        for (String field : fields) {
            f.markRead(field);
        }
    }

    private static RetryPolicy retry(JsonNode node, ConfigFields top, Function<String, String> env) {
        if (node == null || node.isNull()) {
            return RetryPolicy.DEFAULT;
        }
        if (!node.isObject()) {
            throw top.error("retry", "must be an object");
        }
        ConfigFields f = new ConfigFields("retry", node, env);
        RetryPolicy d = RetryPolicy.DEFAULT;
        int attempts = f.integer("maxAttempts", d.maxAttempts(), 1, 100);
        Duration initial = f.millis("initialBackoffMs", d.initialBackoff(), 1);
        Duration max = f.millis("maxBackoffMs", d.maxBackoff().compareTo(initial) < 0 ? initial : d.maxBackoff(), 1);
        f.rejectUnknown();
        if (max.compareTo(initial) < 0) {
            throw f.error("maxBackoffMs", "must be at least initialBackoffMs");
        }
        return new RetryPolicy(attempts, initial, max);
    }

    private static java.util.Optional<Channel> channel(JsonNode node, int index, Function<String, String> env,
            Set<String> names) {
        String at = "channels[" + index + "]";
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("notification config: " + at + ": must be an object");
        }
        String name = node.path("name").isTextual() ? node.get("name").asText() : "";
        ConfigFields f = new ConfigFields(name.isEmpty() ? at : at + " (" + name + ")", node, env);
        name = f.requiredString("name");
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw f.error("name", "must be 1-64 letters, digits, '_', '.' or '-'");
        }
        if (!names.add(name)) {
            throw f.error("name", "\"" + name + "\" is used by an earlier channel");
        }
        String type = f.requiredString("type");
        if (!ChannelFactory.TYPES.contains(type)) {
            throw f.error("type", "must be one of " + ChannelFactory.TYPES);
        }
        boolean enabled = f.bool("enabled", true);
        Channel c = ChannelFactory.build(f, name, type);
        return enabled ? java.util.Optional.of(c) : java.util.Optional.empty();
    }

    /** The scheduled digests, in file order (docs/NOTIFICATIONS.md, Digests). */
    public List<io.mcpmonitor.core.notify.DigestSchedule> digests() {
        return digests;
    }

    /** The enabled channels, in file order. */
    public List<Channel> channels() {
        return channels;
    }

    public RetryPolicy retry() {
        return retry;
    }

    /** Notifications each channel may hold before it drops new ones. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** How long closing the dispatcher waits for queued notifications. */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** Each channel's redacted description (name, type, target as {@code scheme://host/…}, filters, options). */
    public List<Map<String, Object>> redacted() {
        return channels.stream().map(Channel::redacted).toList();
    }
}
