package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.testkit.ChildProcess;
import io.mcpmonitor.testkit.Jars;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The example MCP server ({@code examples/target/example-server.jar}, tools {@code echo}, {@code flaky}, …) for ITs:
 * its command line for stdio, or a started {@code --http 0} process with its announced endpoint.
 */
final class ExampleServerProcess implements AutoCloseable {

    static final String LISTENING = "example-server listening on ";

    final ChildProcess process;
    final URI endpoint;

    private ExampleServerProcess(ChildProcess process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static String jar() {
        return Jars.exampleServer().toString();
    }

    /** {@code java -jar example-server.jar} as an {@code mcp_tool} stdio endpoint. */
    static List<String> stdioCommand() {
        return List.of(Jars.java(), "-jar", jar());
    }

    /** Starts {@code example-server.jar --http 0} and waits for its endpoint. */
    static ExampleServerProcess http() {
        Duration startup = Duration.ofSeconds(30);
        ChildProcess p = ChildProcess.announcing(List.of(Jars.java(), "-jar", jar(), "--http", "0"), LISTENING, startup);
        return new ExampleServerProcess(p, p.announced(LISTENING, startup));
    }

    /** Kills the stdio example servers this JVM spawned (not {@code --http} ones); how many there were. */
    static long killStdioChildren() throws InterruptedException {
        List<ProcessHandle> victims = ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(c -> c.contains("example-server.jar") && !c.contains("--http")).orElse(false))
                .toList();
        for (ProcessHandle p : victims) {
            p.destroyForcibly();
            p.onExit().join();
        }
        return victims.size();
    }

    @Override
    public void close() {
        process.stop();
    }
}
