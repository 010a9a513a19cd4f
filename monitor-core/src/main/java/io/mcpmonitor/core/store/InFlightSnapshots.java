package io.mcpmonitor.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's {@code inflight/} directory: one small JSON file per writer process,
 * {@code inflight/WRITER.json}, replaced whole (atomically) at each of its flushes while it has calls
 * running and deleted when it has none or exits. Readers take only the snapshots of live processes: one
 * not refreshed for {@value #STALE_INTERVALS} of its own intervals is of a process that died without
 * cleaning up (kill -9) or stopped flushing, and is ignored (docs/STORE.md).
 *
 * <pre>{@code
 * {"v":1,"type":"inflight","writer":"host-4242-x1y2z","pid":4242,"at":"2026-11-25T13:05:10Z","intervalMs":10000,
 *  "calls":[{"server":"weather","tool":"forecast","count":1,"oldestStart":"2026-11-25T13:04:31.250Z"}]}
 * }</pre>
 *
 * <p>Only writer ids (checked safe) appear in paths. Thread-safe (stateless). Reading never throws for a
 * damaged or half-gone file: it is skipped.
 */
public final class InFlightSnapshots {

    /** A snapshot older than this many of its writer's intervals is ignored. */
    public static final int STALE_INTERVALS = 3;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SUFFIX = ".json";

    private InFlightSnapshots() {
    }

    /** The directory under the store root. */
    public static Path directory(Path storeRoot) {
        return storeRoot.resolve("inflight");
    }

    static Path file(Path storeRoot, String writer) {
        return directory(storeRoot).resolve(WriterIds.requireSafe(writer) + SUFFIX);
    }

    /** Replaces the writer's snapshot, or deletes it when {@code snapshot} has no calls. */
    public static void write(Path storeRoot, InFlightSnapshot snapshot) throws IOException {
        Path target = file(storeRoot, snapshot.writer());
        if (snapshot.calls().isEmpty()) {
            Files.deleteIfExists(target);
            return;
        }
        AtomicFiles.write(target, MAPPER.writeValueAsBytes(encode(snapshot)));
    }

    /** Deletes the writer's snapshot (at its exit). */
    public static void delete(Path storeRoot, String writer) throws IOException {
        Files.deleteIfExists(file(storeRoot, writer));
    }

    /** The snapshots of live writers at {@code nowMillis}; unreadable and stale ones are left out. */
    public static List<InFlightSnapshot> readLive(Path storeRoot, long nowMillis) {
        List<InFlightSnapshot> out = new ArrayList<>();
        Path dir = directory(storeRoot);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                InFlightSnapshot s = readOne(f);
                if (s != null && !isStale(s, nowMillis)) {
                    out.add(s);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a directory vanishing or unreadable meanwhile: what was read is the answer
        }
        return out;
    }

    static boolean isStale(InFlightSnapshot s, long nowMillis) {
        return nowMillis - s.atMillis() > STALE_INTERVALS * s.intervalMillis();
    }

    private static InFlightSnapshot readOne(Path f) {
        try {
            return decode(MAPPER.readTree(Files.readAllBytes(f)));
        } catch (NoSuchFileException gone) {
            return null; // deleted between listing and reading: no calls running there
        } catch (IOException | RuntimeException damaged) {
            return null;
        }
    }

    static ObjectNode encode(InFlightSnapshot s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("v", RecordCodec.FORMAT_VERSION);
        n.put("type", "inflight");
        n.put("writer", s.writer());
        n.put("pid", s.pid());
        n.put("at", Instant.ofEpochMilli(s.atMillis()).toString());
        n.put("intervalMs", s.intervalMillis());
        ArrayNode calls = n.putArray("calls");
        for (InFlightSnapshot.Series c : s.calls()) {
            calls.addObject().put("server", c.server()).put("tool", c.tool()).put("count", c.count())
                    .put("oldestStart", Instant.ofEpochMilli(c.oldestStartMillis()).toString());
        }
        return n;
    }

    static InFlightSnapshot decode(JsonNode n) {
        if (n == null || !"inflight".equals(n.path("type").asText()) || n.path("v").asInt() > RecordCodec.FORMAT_VERSION) {
            return null;
        }
        List<InFlightSnapshot.Series> calls = new ArrayList<>();
        for (JsonNode c : n.path("calls")) {
            calls.add(new InFlightSnapshot.Series(c.get("server").asText(), c.get("tool").asText(), c.get("count").asLong(),
                    Instant.parse(c.get("oldestStart").asText()).toEpochMilli()));
        }
        return new InFlightSnapshot(n.get("writer").asText(), n.path("pid").asLong(-1),
                Instant.parse(n.get("at").asText()).toEpochMilli(), n.get("intervalMs").asLong(), calls);
    }
}
