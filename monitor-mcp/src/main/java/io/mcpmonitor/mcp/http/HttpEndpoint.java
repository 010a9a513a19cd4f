package io.mcpmonitor.mcp.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.net.InetAddress;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Embedded Jetty serving the MCP servlet at {@value #PATH}, behind an {@link HttpGuard} (threads named
 * {@code mcp-monitor-http-*}), or other servlets behind another guard (the dashboard).
 */
public final class HttpEndpoint implements AutoCloseable {

    public static final String PATH = "/mcp";

    private final Server jetty;
    private final ServerConnector connector;
    private final String host;

    private HttpEndpoint(Server jetty, ServerConnector connector, String host) {
        this.jetty = jetty;
        this.connector = connector;
        this.host = host;
    }

    /** Whether {@code host} names a loopback address (so no token is needed to bind it). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    public static HttpEndpoint start(String host, int port, HttpServlet mcp, HttpGuard guard) throws Exception {
        return start(host, port, "mcp-monitor-http", java.util.Map.of(PATH, mcp), guard);
    }

    /**
     * Jetty on {@code host:port} (0 = a free port) serving {@code servlets} by path spec behind
     * {@code guard}, on daemon threads named {@code threadName-*}.
     */
    public static HttpEndpoint start(String host, int port, String threadName, java.util.Map<String, HttpServlet> servlets,
                                     jakarta.servlet.Filter guard) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName(threadName);
        threads.setDaemon(true);
        Server jetty = new Server(threads);
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(host);
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(guard), "/*", EnumSet.of(DispatcherType.REQUEST));
        for (var e : servlets.entrySet()) {
            ServletHolder holder = new ServletHolder(e.getKey(), e.getValue());
            holder.setAsyncSupported(true);
            context.addServlet(holder, e.getKey());
        }
        jetty.setHandler(context);
        jetty.start();
        return new HttpEndpoint(jetty, connector, host);
    }

    /** The URI of the MCP endpoint. */
    public URI uri() {
        return baseUri().resolve(PATH);
    }

    /** {@code http://host:port/}, with the port actually bound. */
    public URI baseUri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + connector.getLocalPort() + "/");
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
