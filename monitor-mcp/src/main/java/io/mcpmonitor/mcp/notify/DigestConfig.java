package io.mcpmonitor.mcp.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpmonitor.core.notify.DigestSchedule;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code digests} list of the notifications file:
 * {@code {"name": "daily", "every": "daily", "at": "08:00", "zone": "Europe/Berlin"}}, or
 * {@code "every": "weekly"} with {@code "day": "monday"}; {@code mcpServer} limits it to one server.
 * Errors name the digest and the field. Stateless.
 */
final class DigestConfig {

    private DigestConfig() {
    }

    static List<DigestSchedule> parse(JsonNode list, ConfigFields top, Function<String, String> env) {
        List<DigestSchedule> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw top.error("digests", "must be a list of digest objects");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String at = "digests[" + i + "]";
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("notification config: " + at + ": must be an object");
            }
            ConfigFields f = new ConfigFields(node.path("name").isTextual() ? at + " (" + node.get("name").asText() + ")" : at,
                    node, env);
            String name = f.requiredString("name");
            if (!name.matches("[A-Za-z0-9_.-]{1,64}") || !names.add(name)) {
                throw f.error("name", "must be 1-64 letters, digits, '_', '.' or '-', and unique");
            }
            String every = f.requiredString("every");
            if (!every.equals("daily") && !every.equals("weekly")) {
                throw f.error("every", "must be daily or weekly");
            }
            LocalTime time;
            try {
                time = LocalTime.parse(f.requiredString("at"));
            } catch (DateTimeParseException e) {
                throw f.error("at", "must be a local time such as 08:00");
            }
            ZoneId zone;
            try {
                zone = ZoneId.of(f.string("zone", "UTC"));
            } catch (DateTimeException e) {
                throw f.error("zone", "must be a time zone such as Europe/Berlin or UTC");
            }
            DayOfWeek day = null;
            if (every.equals("weekly")) {
                try {
                    day = DayOfWeek.valueOf(f.string("day", "monday").toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw f.error("day", "must be a day of the week such as monday");
                }
            } else if (f.has("day")) {
                throw f.error("day", "only applies to weekly digests");
            }
            String server = f.string("mcpServer", null);
            f.rejectUnknown();
            out.add(new DigestSchedule(name, every.equals("weekly"), day, time, zone, server));
        }
        return out;
    }
}
