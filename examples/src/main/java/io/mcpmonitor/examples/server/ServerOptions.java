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
 * @param sync       build {@code McpServer.sync(...)} instead of {@code McpServer.async(...)}
 * @param httpPort   serve Streamable HTTP on this loopback port instead of stdio
 * @param version    the version announced in {@code serverInfo} ({@code --version}, else
 *                   {@code EXAMPLE_SERVER_VERSION}, else 1.0.0): a new one is what a deployment looks like
 * @param slowFactor {@code slow_query} sleeps this many times the asked delay ({@code --slow-factor}, else
 *                   {@code EXAMPLE_SERVER_SLOW_FACTOR}, else 1): a release that made a query slower
 */
record ServerOptions(boolean sync, Optional<Integer> httpPort, String version, double slowFactor) {

    static final String USAGE = "usage: java -jar example-server.jar [--sync] [--http PORT] [--version V] [--slow-factor F]";

    static final int MAX_PORT = 65_535;

    ServerOptions {
        httpPort.ifPresent(port -> {
            if (port < 0 || port > MAX_PORT) {
                throw new IllegalArgumentException(
                        "--http port must be between 0 and " + MAX_PORT + ", was " + port);
            }
        });
        if (version.isBlank()) {
            throw new IllegalArgumentException("--version must not be blank");
        }
        if (!(slowFactor > 0 && slowFactor <= 100)) {
            throw new IllegalArgumentException("--slow-factor must be in (0, 100], was " + slowFactor);
        }
    }

    /**
     * Parses the command line.
     *
     * @throws IllegalArgumentException naming the argument that is unknown, missing its value or out of range
     */
    static ServerOptions parse(String[] args) {
        return parse(args, System.getenv());
    }

    static ServerOptions parse(String[] args, java.util.Map<String, String> env) {
        boolean sync = false;
        Optional<Integer> httpPort = Optional.empty();
        String version = env.getOrDefault("EXAMPLE_SERVER_VERSION", ExampleServer.VERSION);
        String factor = env.getOrDefault("EXAMPLE_SERVER_SLOW_FACTOR", "1");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sync" -> sync = true;
                case "--http" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--http needs a port number (0 picks a free port)");
                    }
                    httpPort = Optional.of(parsePort(args[++i]));
                }
                case "--version", "--slow-factor" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a value");
                    }
                    if (args[i].equals("--version")) {
                        version = args[++i];
                    } else {
                        factor = args[++i];
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        double slowFactor;
        try {
            slowFactor = Double.parseDouble(factor);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--slow-factor must be a number, was '" + factor + "'", e);
        }
        return new ServerOptions(sync, httpPort, version, slowFactor);
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--http port must be an integer, was '" + value + "'", e);
        }
    }
}
