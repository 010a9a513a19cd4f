package io.mcpmonitor.examples.server;

import java.util.Optional;

/**
 * The example server's command line: which server kind to build and which transport to serve.
 *
 * <p>Immutable and thread-safe. {@link #httpPort()} is empty for stdio; a present {@code 0} asks the OS for
 * a free port.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.parse(new String[] {"--sync", "--http", "0"});
 * }</pre>
 *
 * @param sync     build {@code McpServer.sync(...)} instead of {@code McpServer.async(...)}
 * @param httpPort serve Streamable HTTP on this loopback port instead of stdio
 */
record ServerOptions(boolean sync, Optional<Integer> httpPort) {

    static final String USAGE = "usage: java -jar example-server.jar [--sync] [--http PORT]";

    static final int MAX_PORT = 65_535;

    ServerOptions {
        httpPort.ifPresent(port -> {
            if (port < 0 || port > MAX_PORT) {
                throw new IllegalArgumentException(
                        "--http port must be between 0 and " + MAX_PORT + ", was " + port);
            }
        });
    }

    /**
     * Parses the command line.
     *
     * @throws IllegalArgumentException naming the argument that is unknown, missing its value or out of range
     */
    static ServerOptions parse(String[] args) {
        boolean sync = false;
        Optional<Integer> httpPort = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sync" -> sync = true;
                case "--http" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--http needs a port number (0 picks a free port)");
                    }
                    httpPort = Optional.of(parsePort(args[++i]));
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        return new ServerOptions(sync, httpPort);
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--http port must be an integer, was '" + value + "'", e);
        }
    }
}
