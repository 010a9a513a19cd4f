package io.mcpmonitor.mcp.server;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The packaged sidecar over stdio ({@code serve --store}, {@link SidecarProcess#stdio}) that the tests of one
 * IT class share, on a store of its own: a fresh temporary directory made before the class's {@code @BeforeAll}
 * methods run, so they may write it first, and deleted after its last test. The sidecar starts on the first
 * {@link #client()} and stops after the last test. Register it on a static field with
 * {@code @RegisterExtension}. Thread-safe.
 */
public final class StdioSidecar implements BeforeAllCallback, AfterAllCallback {

    private final Duration timeout;
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private volatile Path store;
    private McpSyncClient client;

    /** @param timeout the client's request and initialization timeout */
    public StdioSidecar(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        store = Files.createTempDirectory("sidecar-it-");
    }

    /** The store directory; exists from before the class's {@code @BeforeAll} methods to after its last test. */
    public Path store() {
        if (store == null) {
            throw new IllegalStateException("the store exists once the test class has started");
        }
        return store;
    }

    /** The initialized client; the first call starts the sidecar. */
    public synchronized McpSyncClient client() {
        if (client == null) {
            client = SidecarProcess.stdio(store(), timeout, stderr::add);
        }
        return client;
    }

    /** {@code tool} called with {@code args}. */
    public CallToolResult call(String tool, Map<String, Object> args) {
        return client().callTool(CallToolRequest.builder(tool).arguments(args).build());
    }

    /** The sidecar's stderr lines so far. */
    public List<String> stderr() {
        return stderr;
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws IOException {
        if (client != null) {
            client.closeGracefully();
            client = null;
        }
        if (store != null) {
            try (Stream<Path> all = Files.walk(store)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            store = null;
        }
    }
}
