package io.mcpmonitor.mcp.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/**
 * Stands before the MCP endpoint: checks the bearer token when one is set (401 otherwise) and the
 * {@code Origin} header, as the MCP specification asks of Streamable HTTP servers to stop DNS
 * rebinding (403 for a foreign origin). Requests without an Origin (non-browser clients) pass the
 * origin check; browser origins must be loopback or explicitly allowed.
 *
 * <p>Thread-safe and stateless. The token is compared in constant time and never logged.
 */
public final class HttpGuard implements Filter {

    private final byte[] token;
    private final List<String> allowedOrigins;

    /**
     * @param token          the bearer token, or null for none
     * @param allowedOrigins extra origins allowed besides loopback ones, e.g. {@code https://grafana.example}
     */
    public HttpGuard(String token, List<String> allowedOrigins) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.allowedOrigins = allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) req;
        HttpServletResponse out = (HttpServletResponse) res;
        String origin = http.getHeader("Origin");
        if (origin != null && !originAllowed(origin)) {
            refuse(out, HttpServletResponse.SC_FORBIDDEN, "origin not allowed: " + origin);
            return;
        }
        if (token != null) {
            String auth = http.getHeader("Authorization");
            byte[] given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(given, token)) {
                out.setHeader("WWW-Authenticate", "Bearer realm=\"mcp-monitor\"");
                refuse(out, HttpServletResponse.SC_UNAUTHORIZED, "missing or wrong bearer token");
                return;
            }
        }
        chain.doFilter(req, res);
    }

    boolean originAllowed(String origin) {
        String o = origin.toLowerCase(Locale.ROOT);
        if (allowedOrigins.contains(o)) {
            return true;
        }
        try {
            URI u = URI.create(o);
            String host = u.getHost();
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
                    && ("localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host) || "::1".equals(host));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void refuse(HttpServletResponse out, int status, String message) throws IOException {
        out.setStatus(status);
        out.setContentType("application/json");
        out.getWriter().write("{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }
}
