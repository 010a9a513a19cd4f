package io.mcpmonitor.core.store;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Names a consolidated minute file by what it holds: its path below {@code minute/} and the CRC-32 and
 * length of its uncompressed content. A rollup lists the ids of the files it merged; a file with any
 * other id (written later, or a file of the same name re-made with other content) is not in the
 * rollup, and readers add it on top. Plain minute files have no id: they may still grow, so no rollup
 * ever claims them. Stateless.
 */
final class SourceIds {

    private static final String DAMAGED = "@damaged";

    private SourceIds() {
    }

    /** The id of the gzipped minute file {@code file} whose uncompressed content is {@code content}, or null if it is not below {@code minuteDirectory}. */
    static String of(Path minuteDirectory, Path file, byte[] content) {
        if (!file.startsWith(minuteDirectory)) {
            return null;
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(content);
        return path(minuteDirectory, file) + "@" + String.format(Locale.ROOT, "%08x", crc.getValue()) + "-" + content.length;
    }

    /** The id of a damaged consolidated minute file: its path, which a rollup names if it merged the file whole. */
    static String damaged(Path minuteDirectory, Path file) {
        return file.startsWith(minuteDirectory) ? path(minuteDirectory, file) + DAMAGED : null;
    }

    /**
     * Whether {@code sourceId} is among {@code ids}; a damaged file's id matches any id of its path, since
     * a rollup that names the file merged all of it.
     */
    static boolean covers(java.util.Set<String> ids, String sourceId) {
        if (ids.contains(sourceId)) {
            return true;
        }
        if (!sourceId.endsWith(DAMAGED)) {
            return false;
        }
        String prefix = sourceId.substring(0, sourceId.length() - DAMAGED.length() + 1);
        return ids.stream().anyMatch(id -> id.startsWith(prefix));
    }

    private static String path(Path minuteDirectory, Path file) {
        return minuteDirectory.relativize(file).toString().replace('\\', '/');
    }

}
