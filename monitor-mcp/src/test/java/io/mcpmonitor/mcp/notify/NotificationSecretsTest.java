package io.mcpmonitor.mcp.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Secrets} and {@link RetryPolicy}: what keeps secrets out of messages, and how long retries wait. */
class NotificationSecretsTest {

    static final URI SLACK = URI.create("https://hooks.slack.com/services/T0TEAMID1/B0HOOKID2/s3cretS3cretS3cret");

    @Test
    void urlsAreRedactedToSchemeHostAndPort() {
        assertThat(Secrets.redactUrl(SLACK)).isEqualTo("https://hooks.slack.com/…");
        assertThat(Secrets.redactUrl(URI.create("http://user:pw@127.0.0.1:8080/hook?token=x"))).isEqualTo("http://127.0.0.1:8080/…");
    }

    @Test
    void everyCredentialPartOfAUrlIsScrubbed() {
        Secrets s = Secrets.NONE.withUrl(URI.create("https://u:p4ss@chat.googleapis.com/v1/spaces/AAQA7space/messages?key=k3y&token=t0k%3D"));
        String scrubbed = s.scrub("failed: https://u:p4ss@chat.googleapis.com/v1/spaces/AAQA7space/messages?key=k3y&token=t0k%3D;"
                + " path /v1/spaces/AAQA7space/messages; space AAQA7space; query key=k3y&token=t0k=; user u:p4ss");
        assertThat(scrubbed).doesNotContain("AAQA7space", "k3y", "t0k", "p4ss").contains("failed: ***");
        assertThat(Secrets.NONE.withUrl(SLACK).scrub("B0HOOKID2 / s3cretS3cretS3cret / services")).isEqualTo("*** / *** / services");
    }

    @Test
    void failuresCarryScrubbedCauseMessagesButNotTheCauses() {
        Secrets s = Secrets.of(List.of("hunter2-password"));
        IOException cause = new IOException("login hunter2-password refused", new IllegalStateException("inner hunter2-password"));
        NotificationFailure f = s.failure("email:x: sending failed", cause);
        assertThat(f).hasMessage("email:x: sending failed: IOException: login *** refused; caused by IllegalStateException: inner ***")
                .hasNoCause();
        assertThat(f.getStackTrace()).isEqualTo(cause.getStackTrace());
    }

    @Test
    void longerSecretsAreMaskedBeforeTheirParts() {
        Secrets s = Secrets.of(List.of("abc", "abcdef"));
        assertThat(s.scrub("x abcdef y abc")).isEqualTo("x *** y ***");
        assertThat(Secrets.of(List.of("", "z")).scrub("a z")).isEqualTo("a ***");
    }

    @Test
    void backoffDoublesUpToTheCap() {
        RetryPolicy p = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(List.of(1, 2, 3, 4, 5, 6).stream().map(p::backoffAfter).map(Duration::toSeconds).toList())
                .containsExactly(1L, 2L, 4L, 8L, 10L, 10L);
        assertThat(RetryPolicy.DEFAULT.backoffAfter(1000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aRetryPolicyRejectsNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1))).hasMessageStartingWith("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ofSeconds(1))).hasMessageStartingWith("initialBackoff");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageStartingWith("maxBackoff");
    }
}
