package io.mcpmonitor.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writer ids name the files a process appends to. They are made here from the host name and the
 * process id, reduced to {@code [a-z0-9-]}, so they are always safe as file names.
 */
public final class WriterIds {

    private static final Pattern SAFE = Pattern.compile("[a-z0-9][a-z0-9-]{0,79}");

    private WriterIds() {
    }

    /** A new id for this process: {@code host-pid-random}. */
    public static String forThisProcess(String hint) {
        String host = hint == null || hint.isBlank() ? hostName() : hint;
        String cleaned = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (cleaned.isEmpty()) {
            cleaned = "writer";
        }
        if (cleaned.length() > 40) {
            cleaned = cleaned.substring(0, 40);
        }
        String suffix = ProcessHandle.current().pid() + "-"
                + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
        return cleaned + "-" + suffix;
    }

    /**
     * The host name from the environment or {@code /etc/hostname}, else "". Not from the management beans
     * or a DNS lookup: a process that just started (an MCP client's sidecar) would wait for them.
     */
    private static String hostName() {
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        try {
            Path etc = Path.of("/etc/hostname");
            return Files.isReadable(etc) ? Files.readString(etc).trim() : "";
        } catch (IOException | RuntimeException e) {
            return ""; // the id still carries the process id and a random part
        }
    }

    /** Returns {@code id} if it is safe as a file name, else throws naming it. */
    public static String requireSafe(String id) {
        if (id == null || !SAFE.matcher(id).matches()) {
            throw new IllegalArgumentException("writer id '" + id + "' must match " + SAFE.pattern());
        }
        return id;
    }
}
