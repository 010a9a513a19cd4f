package io.mcpmonitor.core.store;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The per-line checksum of the store: each line a writer writes ends with
 * {@code ,"crc":"<8 hex digits>"}}, the CRC-32C of the UTF-8 bytes of the line as it would read
 * without that field. A reader verifies it before it trusts anything in the line, so a flipped bit,
 * a zeroed block or a bad byte inside a line that still parses as JSON (a digit of a count, a letter
 * of a server name) is caught and the line skipped, never read as different data. Lines without the
 * field (written before it existed) are taken as they are.
 *
 * <p>Stateless and thread-safe; each call allocates the line's bytes once.
 */
final class LineCheck {

    private static final String FIELD = ",\"crc\":\"";
    /** {@code ,"crc":"} + 8 hex digits + {@code "}}. */
    private static final int SUFFIX_LENGTH = FIELD.length() + 8 + 2;

    private LineCheck() {
    }

    /** {@code json} (one JSON object, as the codec writes it) with its checksum as the last field. */
    static String seal(String json) {
        if (json.isEmpty() || json.charAt(json.length() - 1) != '}') {
            throw new IllegalArgumentException("not a JSON object: " + json);
        }
        return json.substring(0, json.length() - 1) + FIELD + hex(crc(json)) + "\"}";
    }

    /**
     * The line without its checksum when the checksum is present and right; the line as it is when it
     * has none.
     *
     * @throws RecordCodec.MalformedRecordException when a checksum is present and does not match
     */
    static String verified(String line) throws RecordCodec.MalformedRecordException {
        int at = line.length() - SUFFIX_LENGTH;
        if (at < 1 || !line.startsWith(FIELD, at) || !line.endsWith("\"}")) {
            return line;
        }
        String unsealed = line.substring(0, at) + "}";
        String stated = line.substring(at + FIELD.length(), at + FIELD.length() + 8);
        if (!stated.equals(hex(crc(unsealed)))) {
            throw new RecordCodec.MalformedRecordException("checksum mismatch (the line was damaged on disk)");
        }
        return unsealed;
    }

    /** Whether {@code line} ends with a checksum field (right or wrong: {@link #verified} tells). */
    static boolean isSealed(String line) {
        int at = line.length() - SUFFIX_LENGTH;
        return at >= 1 && line.startsWith(FIELD, at) && line.endsWith("\"}");
    }

    private static long crc(String s) {
        CRC32C c = new CRC32C();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return c.getValue();
    }

    private static String hex(long v) {
        String h = Long.toHexString(v);
        return "00000000".substring(h.length()) + h;
    }
}
