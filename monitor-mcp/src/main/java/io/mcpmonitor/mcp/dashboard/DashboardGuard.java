package io.mcpmonitor.mcp.dashboard;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Stands before every dashboard request. Without a token (loopback only) the {@code Host} header
 * must name a loopback host, which defeats DNS rebinding (a foreign name resolving to 127.0.0.1
 * still arrives with its own name). A browser {@code Origin}, when sent, must be the dashboard's own
 * ({@code http://} + {@code Host}). A POST must also carry {@code Content-Type: application/json} and
 * must not be marked cross-site by {@code Sec-Fetch-Site}: a cross-site form cannot send JSON, and a
 * cross-site script would need a CORS preflight, which is never granted. So acknowledging an alert
 * cannot be forged from another page.
 *
 * <p>With a token (required off loopback), a request must bring it as {@code Authorization: Bearer},
 * or as the {@value #COOKIE} cookie, which opening {@code /?token=...} once sets (HttpOnly,
 * SameSite=Strict) before redirecting to {@code /}. The token is compared in constant time and never
 * logged.
 *
 * <p>Thread-safe and stateless; {@link #check} is the whole decision, as a pure function.
 */
final class DashboardGuard implements Filter {

    static final String COOKIE = "mcp_monitor_dashboard";

    /** What a request shows the guard. Any header may be null (absent). */
    record Request(String method, String path, String host, String origin, String contentType, String secFetchSite,
                   String authorization, String cookieToken, String queryToken) {
    }

    /** 0 = let it through, {@link #SET_COOKIE} = set the token cookie and redirect, else an HTTP status and why. */
    record Verdict(int status, String reason) {
        static final Verdict PASS = new Verdict(0, "");
    }

    static final int SET_COOKIE = 1;

    private final byte[] token;

    /** @param token the token requests must bring, or null on loopback without one */
    DashboardGuard(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    Verdict check(Request r) {
        if (token == null && !isLoopbackHost(r.host())) {
            return new Verdict(403, "host not allowed: the dashboard answers only to localhost, 127.0.0.1 or [::1]");
        }
        if (r.origin() != null && !sameOrigin(r.origin(), r.host())) {
            return new Verdict(403, "origin not allowed: " + r.origin());
        }
        boolean post = !"GET".equals(r.method()) && !"HEAD".equals(r.method());
        if (post) {
            if (!"POST".equals(r.method())) {
                return new Verdict(405, "method not allowed: " + r.method());
            }
            if (r.contentType() == null || !r.contentType().toLowerCase(Locale.ROOT).startsWith("application/json")) {
                return new Verdict(415, "a POST must be application/json");
            }
            if (r.secFetchSite() != null && !"same-origin".equals(r.secFetchSite()) && !"none".equals(r.secFetchSite())) {
                return new Verdict(403, "cross-site request refused");
            }
        }
        if (token != null) {
            if (matches(bearer(r.authorization())) || matches(r.cookieToken())) {
                return Verdict.PASS;
            }
            if (!post && "/".equals(r.path()) && matches(r.queryToken())) {
                return new Verdict(SET_COOKIE, "");
            }
            return new Verdict(401, "missing or wrong token: open the dashboard at /?token=<token> once");
        }
        return Verdict.PASS;
    }

    private boolean matches(String given) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token);
    }

    private static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : null;
    }

    static boolean isLoopbackHost(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String h = hostName(hostHeader);
        return "localhost".equals(h) || "::1".equals(h) || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** The host of a {@code Host} header without its port or IPv6 brackets, lower case. */
    private static String hostName(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.lastIndexOf(':');
        return colon >= 0 ? h.substring(0, colon) : h;
    }

    static boolean sameOrigin(String origin, String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        try {
            URI o = URI.create(origin.trim().toLowerCase(Locale.ROOT));
            String h = hostHeader.trim().toLowerCase(Locale.ROOT);
            String authority = o.getRawAuthority();
            return "http".equals(o.getScheme()) && authority != null
                    && (authority.equals(h) || authority.equals(h + ":80") || (authority + ":80").equals(h));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) req;
        HttpServletResponse out = (HttpServletResponse) res;
        Verdict v = check(new Request(http.getMethod(), http.getRequestURI(), http.getHeader("Host"), http.getHeader("Origin"),
                http.getContentType(), http.getHeader("Sec-Fetch-Site"), http.getHeader("Authorization"), cookie(http),
                http.getParameter("token")));
        if (v.status() == SET_COOKIE) {
            out.addHeader("Set-Cookie", COOKIE + "=" + http.getParameter("token") + "; Path=/; HttpOnly; SameSite=Strict");
            out.sendRedirect("/");
            return;
        }
        if (v.status() != 0) {
            out.setStatus(v.status());
            out.setContentType("text/plain;charset=utf-8");
            out.getWriter().write(v.reason());
            return;
        }
        chain.doFilter(req, res);
    }

    private static String cookie(HttpServletRequest http) {
        Cookie[] cookies = http.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (COOKIE.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }
}
