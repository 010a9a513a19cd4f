package io.mcpmonitor.mcp.dashboard;

import io.mcpmonitor.mcp.http.HttpEndpoint;
import io.mcpmonitor.mcp.server.ToolContext;
import java.net.URI;
import java.util.Map;

/**
 * The live web dashboard of a running sidecar: the page at {@code /} and its JSON under
 * {@code /api/}, on an embedded Jetty (threads {@code mcp-monitor-dashboard-*}, daemon) behind a
 * {@link DashboardGuard}. Loopback only unless a token is given; the caller enforces that rule
 * before starting it. Closing it stops the server.
 */
public final class DashboardServer implements AutoCloseable {

    private final HttpEndpoint endpoint;

    private DashboardServer(HttpEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Serves the dashboard of {@code context} on {@code host:port} (port 0 = a free one).
     *
     * @param token the token browsers must bring (see {@link DashboardGuard}), or null on loopback
     */
    public static DashboardServer start(String host, int port, String token, ToolContext context) throws Exception {
        return new DashboardServer(HttpEndpoint.start(host, port, "mcp-monitor-dashboard",
                Map.of("/", new DashboardPage(), "/api/*", new DashboardApi(context)), new DashboardGuard(token)));
    }

    /** {@code http://host:port/}, with the port actually bound. */
    public URI uri() {
        return endpoint.baseUri();
    }

    @Override
    public void close() throws Exception {
        endpoint.close();
    }
}
