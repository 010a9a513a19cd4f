package io.mcpmonitor.core.store;

import java.lang.management.ManagementFactory;
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
        String host = hint;
        if (host == null || host.isBlank()) {
            host = System.getenv().getOrDefault("HOSTNAME", "");
        }
        if (host.isBlank()) {
            host = ManagementFactory.getRuntimeMXBean().getName();
        }
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

    /** Returns {@code id} if it is safe as a file name, else throws naming it. */
    public static String requireSafe(String id) {
        if (id == null || !SAFE.matcher(id).matches()) {
            throw new IllegalArgumentException("writer id '" + id + "' must match " + SAFE.pattern());
        }
        return id;
    }
}
