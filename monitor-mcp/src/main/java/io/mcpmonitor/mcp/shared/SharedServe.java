package io.mcpmonitor.mcp.shared;

import io.mcpmonitor.core.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code serve --shared}: what a session's process does with its arguments. It works out the store and
 * the options, so the address ({@link SharedAddress}), and relays the session to the sidecar serving it
 * ({@link SessionRelay}), which it starts as {@code serve --daemon} with the same store and options if
 * none does. The sidecar works the same address out of its own arguments ({@link #daemonAddress}).
 */
public final class SharedServe {

    public static final String SHARED = "--shared";
    public static final String DAEMON = "--daemon";
    private static final String STORE = "--store";

    private SharedServe() {
    }

    /**
     * Whether {@code args} (those after {@code serve}) are {@code --shared} with at most a store: then a
     * session needs nothing but the JDK before it relays, and no command-line parser.
     */
    public static boolean isPlainShared(String[] args) {
        boolean shared = false;
        boolean store = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals(SHARED) && !shared) {
                shared = true;
            } else if (a.equals(STORE) && !store && i + 1 < args.length && !args[i + 1].isEmpty() && !args[i + 1].startsWith("-")) {
                store = true;
                i++;
            } else if (a.startsWith(STORE + "=") && !store && a.length() > STORE.length() + 1) {
                store = true;
            } else {
                return false;
            }
        }
        return shared;
    }

    /** {@code args} without {@code --shared}: the same session, served alone. */
    public static String[] withoutShared(String[] args) {
        return java.util.Arrays.stream(args).filter(a -> !a.equals(SHARED)).toArray(String[]::new);
    }

    /**
     * Relays this session (stdin {@code in}, stdout {@code out}) to the shared sidecar of {@code args}'s
     * store and options.
     *
     * @return the exit code, or {@link SessionRelay#SERVE_ALONE} when the session should be served by
     *         this process (the reason is on {@code err})
     */
    public static int relay(String[] args, InputStream in, OutputStream out, PrintStream err) {
        Parsed p = parse(args, SHARED);
        Path runtime;
        try {
            runtime = SharedAddress.runtimeDirectory();
        } catch (IOException e) {
            err.println("mcp-monitor: no shared sidecar (" + e.getMessage() + "); serving this session alone");
            return SessionRelay.SERVE_ALONE;
        }
        List<String> daemonArgs = new ArrayList<>(List.of(STORE, p.store().toString()));
        daemonArgs.addAll(p.options());
        return SessionRelay.run(SharedAddress.of(runtime, p.store(), p.options()), SidecarLaunch.of(daemonArgs), in, out, err);
    }

    /** The address a sidecar started with {@code args} (those after {@code serve}, with {@code --daemon}) serves. */
    public static SharedAddress daemonAddress(String[] args) throws IOException {
        Parsed p = parse(args, DAEMON);
        return SharedAddress.of(SharedAddress.runtimeDirectory(), p.store(), p.options());
    }

    private record Parsed(Path store, List<String> options) {
    }

    /** The store (resolved as every command resolves it) and the other options, without {@code mode}. */
    private static Parsed parse(String[] args, String mode) {
        Path explicit = null;
        List<String> options = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals(mode)) {
                continue;
            }
            if (a.equals(STORE) && i + 1 < args.length) {
                explicit = Path.of(args[++i]);
            } else if (a.startsWith(STORE + "=")) {
                explicit = Path.of(a.substring(STORE.length() + 1));
            } else {
                options.add(a);
            }
        }
        return new Parsed(Store.resolveDirectory(explicit), options);
    }
}
