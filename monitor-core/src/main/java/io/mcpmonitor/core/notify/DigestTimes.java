package io.mcpmonitor.core.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which digests are due, once per occurrence, and remembers what was sent in
 * {@code <store>/notify/digests.json} (written whole, then renamed), so a restart neither repeats a
 * digest nor forgets one. A digest whose occurrence passed while nothing ran is sent late if the
 * occurrence is at most {@link #CATCH_UP} ago; an older one is skipped (yesterday's digest is news no
 * more) and the next occurrence is awaited.
 *
 * <p>Not thread-safe: one background thread uses it.
 */
public final class DigestTimes {

    static final int FORMAT_VERSION = 1;
    /** How late a digest is still sent. */
    public static final Duration CATCH_UP = Duration.ofHours(6);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A digest to send now: its schedule and the range it covers, {@code [from, to)}. */
    public record Due(DigestSchedule schedule, Instant from, Instant to) {
    }

    private final Path file;
    private final Map<String, Instant> sent = new LinkedHashMap<>();

    private DigestTimes(Path file) {
        this.file = file;
    }

    public static DigestTimes open(Path storeRoot) {
        DigestTimes t = new DigestTimes(storeRoot.resolve("notify").resolve("digests.json"));
        try {
            JsonNode root = JSON.readTree(Files.readString(t.file, StandardCharsets.UTF_8));
            if (root.path("formatVersion").asInt() == FORMAT_VERSION) {
                root.path("sent").fields().forEachRemaining(e -> t.sent.put(e.getKey(), Instant.parse(e.getValue().asText())));
            }
        } catch (NoSuchFileException e) {
            // nothing sent yet
        } catch (IOException | RuntimeException e) {
            t.sent.clear(); // damaged: the catch-up window bounds what is sent again
        }
        return t;
    }

    /** The digests due at {@code now}, each marked as sent (call {@link #save} once they are handed on). */
    public List<Due> due(List<DigestSchedule> schedules, Instant now) {
        List<Due> out = new ArrayList<>();
        for (DigestSchedule s : schedules) {
            Instant occurrence = s.lastOccurrence(now);
            Instant last = sent.get(s.name());
            if (last != null && !occurrence.isAfter(last)) {
                continue;
            }
            sent.put(s.name(), occurrence);
            if (Duration.between(occurrence, now).compareTo(CATCH_UP) <= 0) {
                out.add(new Due(s, s.previous(occurrence), occurrence));
            }
        }
        return out;
    }

    public void save() throws IOException {
        ObjectNode root = JSON.createObjectNode().put("formatVersion", FORMAT_VERSION);
        ObjectNode s = root.putObject("sent");
        sent.forEach((k, v) -> s.put(k, v.toString()));
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, root.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
