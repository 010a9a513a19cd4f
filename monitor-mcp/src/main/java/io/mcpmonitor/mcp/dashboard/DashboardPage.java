package io.mcpmonitor.mcp.dashboard;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The dashboard page at {@code /}: one self-contained HTML document ({@code dashboard.html}, no
 * external asset) whose inline script polls {@code /api/dashboard} every {@value #POLL_SECONDS} s and
 * draws the charts as inline SVG. Every name from outside reaches the page through
 * {@code textContent}, never markup; the Content-Security-Policy allows only this page's own inline
 * script and style (by hash) and requests to its own origin. Thread-safe: immutable.
 */
final class DashboardPage extends HttpServlet {

    /** How often the page polls. */
    static final int POLL_SECONDS = 3;
    /** The refresh interval the page's JSON announces. */
    static final int REFRESH_SECONDS = POLL_SECONDS;

    private final byte[] html;
    private final String contentSecurityPolicy;

    DashboardPage() {
        String page = resource("dashboard.html");
        this.html = page.getBytes(StandardCharsets.UTF_8);
        this.contentSecurityPolicy = "default-src 'none'; script-src '" + hashOf(page, "script") + "'; style-src '"
                + hashOf(page, "style") + "'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'";
    }

    private static String resource(String name) {
        try (InputStream in = DashboardPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CSP source of the one inline {@code <tag>} element of {@code page}: {@code sha256-<base64>}. */
    static String hashOf(String page, String tag) {
        int start = page.indexOf("<" + tag + ">");
        int end = page.indexOf("</" + tag + ">");
        if (start < 0 || end < start || page.indexOf("<" + tag + ">", start + 1) >= 0) {
            throw new IllegalStateException("dashboard.html must hold exactly one plain <" + tag + "> element");
        }
        String body = page.substring(start + tag.length() + 2, end);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (!"/".equals(req.getRequestURI())) {
            res.sendError(404);
            return;
        }
        res.setStatus(200);
        res.setContentType("text/html;charset=utf-8");
        res.setHeader("Content-Security-Policy", contentSecurityPolicy);
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("X-Frame-Options", "DENY");
        res.setHeader("Referrer-Policy", "no-referrer");
        res.setHeader("Cache-Control", "no-store");
        res.getOutputStream().write(html);
    }
}
