package io.mcpmonitor.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The record of calls that arrived too late to be kept: minute data of a day already past the retention
 * of daily rollups, which the compactor deletes without rolling it up. Each such deletion appends one
 * line to {@code retention-drops.jsonl} in the store, and every reader reports their total in its
 * {@link ReadStats}, so such a loss is never silent. Deleting the file clears the report. Stateless.
 */
final class RetentionDrops {

    static final String FILE_NAME = "retention-drops.jsonl";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RetentionDrops() {
    }

    /** Appends the record of {@code calls} calls dropped at {@code nowMillis}, forced to the disk. */
    static void append(Store store, long nowMillis, long calls) throws IOException {
        String line = LineCheck.seal(String.format(java.util.Locale.ROOT,
                "{\"v\":%d,\"type\":\"dropped\",\"at\":\"%s\",\"calls\":%d,\"reason\":\"%s\"}", RecordCodec.FORMAT_VERSION,
                Instant.ofEpochMilli(nowMillis), calls, "minute data of a day past the retention of daily rollups"));
        try (var ch = java.nio.channels.FileChannel.open(store.root().resolve(FILE_NAME), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(false);
        }
    }

    /** The calls recorded as dropped in {@code store}; damaged lines are skipped. */
    static long total(Store store) throws IOException {
        Path file = store.root().resolve(FILE_NAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException none) {
            return 0;
        }
        long total = 0;
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            try {
                JsonNode n = MAPPER.readTree(LineCheck.verified(line));
                if (n != null && "dropped".equals(n.path("type").asText()) && n.path("calls").canConvertToLong()) {
                    total += Math.max(0, n.path("calls").asLong());
                }
            } catch (IOException | RecordCodec.MalformedRecordException skipped) {
                // a torn or damaged line: its count is lost, the others still count
            }
        }
        return total;
    }
}
