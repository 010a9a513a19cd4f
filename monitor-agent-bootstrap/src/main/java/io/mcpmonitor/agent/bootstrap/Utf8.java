package io.mcpmonitor.agent.bootstrap;

/**
 * UTF-8 lengths of strings, counted without encoding them. Public because the agent's tooling counts the
 * structured content of tool results with it too (in JSON, off the host's threads), and the bootstrap
 * part is the one place both sides see; JDK only, like all of it.
 *
 * <p>Stateless and thread-safe; no allocation, one pass over the chars.
 */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * The length of {@code s} encoded as UTF-8: 1 byte below U+0080, 2 below U+0800, 4 for a surrogate
     * pair, 3 otherwise (a lone surrogate counts 3).
     */
    public static long length(String s) {
        long bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
