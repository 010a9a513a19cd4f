package io.mcpmonitor.examples.server;

import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An embedded Jetty 12 (ee10) server that exposes one MCP servlet at {@code http://127.0.0.1:<port>/mcp}.
 *
 * <p>Binds to the loopback interface only. Port 0 lets the OS pick a free port; {@link #uri()} tells which.
 * Start and close from one thread; {@link #uri()} is safe from any thread once started. Jetty's threads are
 * named {@code example-server-http-*} and are stopped by {@link #close()} or at JVM shutdown.
 *
 * <pre>{@code
 * try (HttpEndpoint endpoint = HttpEndpoint.start(transportProvider, 0)) {
 *     System.err.println("listening on " + endpoint.uri());
 *     endpoint.join();
 * }
 * }</pre>
 */
final class HttpEndpoint implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final String PATH = "/mcp";

    private final Server jetty;
    private final ServerConnector connector;

    private HttpEndpoint(Server jetty, ServerConnector connector) {
        this.jetty = jetty;
        this.connector = connector;
    }

    /**
     * Starts Jetty with the servlet mapped at {@link #PATH}.
     *
     * @param port a TCP port, or 0 for any free one
     * @throws Exception if Jetty cannot start, for example because the port is taken
     */
    static HttpEndpoint start(HttpServlet mcpServlet, int port) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("example-server-http");
        Server jetty = new Server(threads);
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(HOST);
        connector.setPort(port);
        jetty.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder("mcp", mcpServlet);
        // The Streamable HTTP transport answers with server-sent events from asynchronous requests.
        holder.setAsyncSupported(true);
        context.addServlet(holder, PATH);
        jetty.setHandler(context);
        jetty.setStopAtShutdown(true);
        jetty.start();
        return new HttpEndpoint(jetty, connector);
    }

    /** The MCP endpoint, with the port actually bound. */
    URI uri() {
        return URI.create("http://" + HOST + ":" + connector.getLocalPort() + PATH);
    }

    /** Blocks until Jetty has stopped. */
    void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop cleanly", e);
        }
    }
}
