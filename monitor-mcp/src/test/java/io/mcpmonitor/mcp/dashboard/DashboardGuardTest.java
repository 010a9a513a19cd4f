package io.mcpmonitor.mcp.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.mcp.dashboard.DashboardGuard.Request;
import org.junit.jupiter.api.Test;

/** The dashboard's request guard: DNS rebinding, cross-origin and cross-site POSTs, the token. */
class DashboardGuardTest {

    static Request get(String host, String origin) {
        return new Request("GET", "/api/dashboard", host, origin, null, null, null, null, null);
    }

    static Request post(String host, String origin, String contentType, String site) {
        return new Request("POST", "/api/acknowledge", host, origin, contentType, site, null, null, null);
    }

    final DashboardGuard open = new DashboardGuard(null);

    @Test
    void withoutATokenOnlyLoopbackHostNamesAreAnswered() {
        assertThat(open.check(get("127.0.0.1:8080", null)).status()).isZero();
        assertThat(open.check(get("localhost:8080", null)).status()).isZero();
        assertThat(open.check(get("[::1]:8080", null)).status()).isZero();
        assertThat(open.check(get("127.0.0.2", null)).status()).isZero();
        assertThat(open.check(get("rebound.example:8080", null)).status()).isEqualTo(403);
        assertThat(open.check(get("127.0.0.1.evil.example:8080", null)).status()).isEqualTo(403);
        assertThat(open.check(get(null, null)).status()).isEqualTo(403);
    }

    @Test
    void aBrowserOriginMustBeTheDashboardItself() {
        assertThat(open.check(get("127.0.0.1:8080", "http://127.0.0.1:8080")).status()).isZero();
        assertThat(open.check(get("127.0.0.1:8080", "http://localhost:8080")).status()).isEqualTo(403);
        assertThat(open.check(get("127.0.0.1:8080", "http://127.0.0.1:9999")).status()).isEqualTo(403);
        assertThat(open.check(get("127.0.0.1:8080", "https://evil.example")).status()).isEqualTo(403);
        assertThat(open.check(get("127.0.0.1:8080", "null")).status()).isEqualTo(403);
    }

    @Test
    void aPostMustBeSameOriginJson() {
        String host = "127.0.0.1:8080";
        assertThat(open.check(post(host, "http://" + host, "application/json", "same-origin")).status()).isZero();
        assertThat(open.check(post(host, null, "application/json; charset=utf-8", null)).status()).isZero();
        assertThat(open.check(post(host, "http://" + host, "text/plain", "same-origin")).status()).isEqualTo(415);
        assertThat(open.check(post(host, null, "application/x-www-form-urlencoded", null)).status()).isEqualTo(415);
        assertThat(open.check(post(host, null, "application/json", "cross-site")).status()).isEqualTo(403);
        assertThat(open.check(post(host, "https://evil.example", "application/json", null)).status()).isEqualTo(403);
        assertThat(open.check(new Request("DELETE", "/api/acknowledge", host, null, "application/json", null, null, null, null))
                .status()).isEqualTo(405);
    }

    @Test
    void withATokenAnyHostMustBringIt() {
        DashboardGuard guarded = new DashboardGuard("s3cret");
        String host = "monitor.internal:8080";
        assertThat(guarded.check(get(host, null)).status()).isEqualTo(401);
        assertThat(guarded.check(new Request("GET", "/api/dashboard", host, null, null, null, "Bearer s3cret", null, null))
                .status()).isZero();
        assertThat(guarded.check(new Request("GET", "/api/dashboard", host, null, null, null, "Bearer wrong", null, null))
                .status()).isEqualTo(401);
        assertThat(guarded.check(new Request("GET", "/api/dashboard", host, null, null, null, null, "s3cret", null)).status())
                .isZero();
        assertThat(guarded.check(new Request("GET", "/", host, null, null, null, null, null, "s3cret")).status())
                .isEqualTo(DashboardGuard.SET_COOKIE);
        assertThat(guarded.check(new Request("GET", "/api/dashboard", host, null, null, null, null, null, "s3cret")).status())
                .isEqualTo(401);
        assertThat(guarded.check(new Request("POST", "/api/acknowledge", host, "http://" + host, "application/json",
                "same-origin", null, "s3cret", null)).status()).isZero();
    }

    @Test
    void thePageAllowsOnlyItsOwnInlineScriptAndStyle() {
        String page = "<html><style>a{}</style><script>go()</script></html>";
        assertThat(DashboardPage.hashOf(page, "script")).startsWith("sha256-").isNotEqualTo(DashboardPage.hashOf(page, "style"));
    }
}
