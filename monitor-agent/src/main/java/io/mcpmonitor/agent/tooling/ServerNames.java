package io.mcpmonitor.agent.tooling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The last-resort server name, for a server that announces none (or the SDK's default name): the jar the
 * JVM was started with, without {@code .jar} ({@code java -jar billing-server.jar} gives
 * {@code billing-server}), else the main class's fully qualified name, else {@code java}.
 *
 * <p>Stateless; reads the {@code sun.java.command} system property the JVM sets.
 */
final class ServerNames {

    private ServerNames() {
    }

    static String fallback() {
        return fromCommand(System.getProperty("sun.java.command"));
    }

    /**
     * The host name for the store's writer id, found cheaply (environment, {@code /etc/hostname}); null if
     * unknown. Avoids the JMX runtime bean and DNS, which would cost start-up time.
     */
    static String hostName() {
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        try {
            Path etc = Path.of("/etc/hostname");
            if (Files.isReadable(etc)) {
                String value = Files.readString(etc).trim();
                return value.isEmpty() ? null : value;
            }
        } catch (IOException | RuntimeException e) {
            // No host name then: the writer id still carries the process id and a random part.
        }
        return null;
    }

    static String fromCommand(String command) {
        if (command == null || command.isBlank()) {
            return "java";
        }
        String first = command.trim().split("\\s+")[0];
        if (first.endsWith(".jar")) {
            String file = Path.of(first).getFileName().toString();
            return file.substring(0, file.length() - ".jar".length());
        }
        return first;
    }
}
