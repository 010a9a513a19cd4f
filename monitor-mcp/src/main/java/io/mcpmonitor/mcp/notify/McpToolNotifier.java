package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.notify.Notifier;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a tool on another MCP server with arguments rendered from the notification: the way to reach a
 * learning-optimizer's {@code track_issue}, a communications server or a deployment server's rollback. The server
 * is either a command spawned over stdio ({@link Stdio}: started on the first send, kept, and started again after
 * it died or a call failed) or a Streamable HTTP endpoint ({@link Http}, optional bearer token), reached with the
 * official MCP Java SDK client.
 *
 * <p>A call succeeds when the server answers and the result does not carry {@code isError: true}; anything else
 * throws {@link NotificationFailure} with the result's text (scrubbed) in the message.
 *
 * <p>Thread-safe: concurrent sends share one connection; {@link #close()} ends calls in flight and stops a spawned server; the SDK's stdio
 * transport runs non-daemon threads, so an owner must close this (the dispatcher does). Secrets: the bearer token,
 * the URL's path and query, and the values given to the stdio server's environment.
 *
 * <pre>{@code
 * var optimizer = new McpToolNotifier("optimizer",
 *         new McpToolNotifier.Stdio("java", List.of("-jar", "optimizer.jar"), Map.of()),
 *         "track_issue", ArgumentTemplate.of(Map.of("title", "{{title}}", "body", "{{text}}")), Duration.ofSeconds(30));
 * }</pre>
 */
public final class McpToolNotifier implements Notifier, AutoCloseable {

    /** Where the tool's server is. */
    public sealed interface Endpoint permits Stdio, Http {
    }

    /** A server started as {@code command args…} with {@code env} added to this process's environment. */
    public record Stdio(String command, List<String> args, Map<String, String> env) implements Endpoint {
        public Stdio {
            if (command.isBlank()) {
                throw new IllegalArgumentException("command: must not be empty");
            }
            args = List.copyOf(args);
            env = Map.copyOf(env);
        }
    }

    /** A Streamable HTTP endpoint, e.g. {@code http://127.0.0.1:8931/mcp}; {@code bearerToken} empty for none. */
    public record Http(URI url, String bearerToken) implements Endpoint {
        public Http {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                throw new IllegalArgumentException("url: must be an absolute http or https URL");
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(McpToolNotifier.class);
    private static final int MAX_RESULT_CHARS = 300;
    // Serializes spawning across instances so a new child process can be told apart from others (see connect()).
    private static final Object SPAWN_LOCK = new Object();

    private final String name;
    private final Endpoint endpoint;
    private final String tool;
    private final ArgumentTemplate arguments;
    private final Duration timeout;
    private final Secrets secrets;

    // Guarded by this.
    private McpSyncClient client;  // null while not connected
    private Optional<ProcessHandle> process = Optional.empty();
    private boolean closed;
    private long starts;
    private CallToolResult lastResult;  // null before the first answer

    /**
     * @param name      the channel's name, shown in logs
     * @param endpoint  how to reach the server
     * @param tool      the tool to call
     * @param arguments the call's arguments
     * @param timeout   for starting/initializing the connection and for each call, positive
     */
    public McpToolNotifier(String name, Endpoint endpoint, String tool, ArgumentTemplate arguments, Duration timeout) {
        this(name, endpoint, tool, arguments, timeout, Secrets.NONE);
    }

    McpToolNotifier(String name, Endpoint endpoint, String tool, ArgumentTemplate arguments, Duration timeout,
            Secrets secrets) {
        if (tool.isBlank()) {
            throw new IllegalArgumentException("tool: must not be empty");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: must be positive, was " + timeout);
        }
        this.name = name;
        this.endpoint = endpoint;
        this.tool = tool;
        this.arguments = arguments;
        this.timeout = timeout;
        Secrets s = secrets;
        if (endpoint instanceof Http h) {
            s = s.withUrl(h.url()).with(List.of(h.bearerToken()));
        } else if (endpoint instanceof Stdio st) {
            s = s.with(st.env().values());
        }
        this.secrets = s;
    }

    @Override
    public String describe() {
        return "mcp_tool:" + name;
    }

    /** {@code stdio:<command>} or the URL as {@code scheme://host/…}, and the tool, for tool answers. */
    public String redactedTarget() {
        String where = endpoint instanceof Http h ? Secrets.redactUrl(h.url()) : "stdio:" + ((Stdio) endpoint).command();
        return secrets.scrub(where) + " tool " + tool;
    }

    @Override
    public void send(Notification n) throws NotificationFailure {
        Map<String, Object> args = arguments.render(n);
        McpSyncClient c;
        synchronized (this) {
            if (closed) {
                throw new NotificationFailure(describe() + ": closed");
            }
            c = connect();
        }
        // Outside the lock: close() can then end a call that hangs, and concurrent senders share the client.
        CallToolResult result;
        try {
            result = c.callTool(CallToolRequest.builder(tool).arguments(args).build());
        } catch (RuntimeException e) {
            synchronized (this) {
                // The connection may be broken; the next send starts over.
                if (client == c) {
                    disconnect();
                }
            }
            throw secrets.failure(describe() + ": calling tool '" + tool + "' failed", e);
        }
        synchronized (this) {
            lastResult = result;
        }
        if (Boolean.TRUE.equals(result.isError())) {
            throw new NotificationFailure(secrets.scrub(describe() + ": tool '" + tool + "' answered isError=true: "
                    + MessageText.truncate(text(result), MAX_RESULT_CHARS)));
        }
    }

    /** The result of the last call that got an answer, for tests; empty before. */
    synchronized Optional<CallToolResult> lastResult() {
        return Optional.ofNullable(lastResult);
    }

    /** How many times a connection was set up (a stdio server spawned), for tests. */
    synchronized long starts() {
        return starts;
    }

    static String text(CallToolResult r) {
        return r.content() == null ? "" : r.content().stream()
                .map(c -> c instanceof TextContent t ? t.text() : "")
                .collect(Collectors.joining("\n"));
    }

    private McpSyncClient connect() throws NotificationFailure {
        if (client != null && process.map(ProcessHandle::isAlive).orElse(true)) {
            return client;
        }
        if (client != null) {
            LOG.info("{}: the MCP server process exited; starting it again", describe());
            disconnect();
        }
        if (endpoint instanceof Stdio st && !isRunnable(st.command())) {
            // The SDK would only notice after the initialization timeout.
            throw new NotificationFailure(secrets.scrub(describe() + ": connecting to " + redactedTarget()
                    + " failed: command not found or not executable"));
        }
        McpSyncClient c = McpClient.sync(transport()).requestTimeout(timeout).initializationTimeout(timeout)
                .clientInfo(Implementation.builder("mcp-monitor", version()).build()).build();
        try {
            if (endpoint instanceof Stdio) {
                // The SDK keeps its Process private; the child that appears while initializing is ours. If another
                // child appeared at the same moment we cannot tell, and a dead server is then noticed by a timeout.
                synchronized (SPAWN_LOCK) {
                    Set<Long> before = children();
                    c.initialize();
                    List<ProcessHandle> fresh = new ArrayList<>(ProcessHandle.current().children()
                            .filter(p -> !before.contains(p.pid())).toList());
                    process = fresh.size() == 1 ? Optional.of(fresh.get(0)) : Optional.empty();
                }
            } else {
                c.initialize();
            }
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw secrets.failure(describe() + ": connecting to " + redactedTarget() + " failed", e);
        }
        starts++;
        client = c;
        return c;
    }

    /** Whether {@code command} names an executable file, directly or through {@code PATH}. */
    static boolean isRunnable(String command) {
        if (command.contains("/") || command.contains(java.io.File.separator)) {
            return Files.isExecutable(Path.of(command));
        }
        String path = System.getenv("PATH");
        if (path == null || java.io.File.separatorChar == '\\') {
            return true;  // Windows resolves extensions (PATHEXT) itself: leave it to the process start
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private McpClientTransport transport() {
        if (endpoint instanceof Http h) {
            URI u = h.url();
            String base = u.getScheme() + "://" + u.getRawAuthority();
            String path = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
                    + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
            HttpRequest.Builder req = HttpRequest.newBuilder();
            if (!h.bearerToken().isEmpty()) {
                req.header("Authorization", "Bearer " + h.bearerToken());
            }
            return HttpClientStreamableHttpTransport.builder(base).endpoint(path).requestBuilder(req)
                    .connectTimeout(timeout).build();
        }
        Stdio s = (Stdio) endpoint;
        StdioClientTransport t = new StdioClientTransport(
                ServerParameters.builder(s.command()).args(s.args()).env(s.env()).build(), McpJsonDefaults.getMapper());
        t.setStdErrorHandler(line -> LOG.debug("{} stderr: {}", describe(), secrets.scrub(line)));
        return t;
    }

    private static String version() {
        String v = McpToolNotifier.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private void disconnect() {
        McpSyncClient c = client;
        client = null;
        if (c != null) {
            closeQuietly(c);
        }
        process.ifPresent(p -> {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        });
        process = Optional.empty();
    }

    private void closeQuietly(McpSyncClient c) {
        try {
            c.closeGracefully();
        } catch (RuntimeException e) {
            LOG.debug("{}: closing the MCP client failed: {}", describe(), secrets.scrub(String.valueOf(e.getMessage())));
        }
    }

    /** Stops a spawned server and closes the connection; later sends fail. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        disconnect();
    }
}
