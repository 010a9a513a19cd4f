package io.mcpmonitor.mcp.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.notify.Notifier;
import io.mcpmonitor.core.record.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class NotificationDispatcherTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(80));

    /** Fails its first {@code failures} attempts, optionally waits on a gate, records what it delivered. */
    static final class FakeNotifier implements Notifier, AutoCloseable {
        final String name;
        final int failures;
        final CountDownLatch gate;
        final AtomicInteger attempts = new AtomicInteger();
        final List<Long> attemptNanos = new CopyOnWriteArrayList<>();
        final List<Notification> delivered = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();
        final Semaphore deliveries = new Semaphore(0);

        FakeNotifier(String name, int failures, CountDownLatch gate) {
            this.name = name;
            this.failures = failures;
            this.gate = gate;
        }

        @Override
        public String describe() {
            return "fake:" + name;
        }

        @Override
        public void send(Notification n) throws Exception {
            attemptNanos.add(System.nanoTime());
            threads.add(Thread.currentThread().getName() + (Thread.currentThread().isDaemon() ? " daemon" : ""));
            if (gate != null) {
                gate.await();
            }
            if (attempts.incrementAndGet() <= failures) {
                throw new NotificationFailure(describe() + ": refused attempt " + attempts.get());
            }
            delivered.add(n);
            deliveries.release();
        }

        boolean awaitDelivered(int count) throws InterruptedException {
            return deliveries.tryAcquire(count, WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    NotificationDispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    NotificationDispatcher start(RetryPolicy retry, int capacity, Channel... channels) {
        dispatcher = new NotificationDispatcher(List.of(channels), retry, capacity, Duration.ofSeconds(2), Clock.SYSTEM);
        return dispatcher;
    }

    static Channel filtered(String name, Notifier n, String minSeverity, Set<Notification.Kind> kinds) {
        return new Channel(name, "custom", n, minSeverity, kinds, Map.of("name", name));
    }

    @Test
    void fansOutToEveryChannelWhoseFilterAcceptsIt() throws Exception {
        FakeNotifier all = new FakeNotifier("all", 0, null);
        FakeNotifier critical = new FakeNotifier("critical", 0, null);
        FakeNotifier resolvedOnly = new FakeNotifier("resolved", 0, null);
        start(FAST, 10, Channel.of("all", all),
                filtered("critical", critical, "critical", EnumSet.allOf(Notification.Kind.class)),
                filtered("resolved", resolvedOnly, "warning", EnumSet.of(Notification.Kind.RESOLVED)));

        assertThat(dispatcher.dispatch(SampleNotifications.warning())).isEqualTo(1);
        assertThat(dispatcher.dispatch(SampleNotifications.critical())).isEqualTo(2);
        assertThat(dispatcher.dispatch(SampleNotifications.of(Notification.Kind.RESOLVED, "warning", "a"))).isEqualTo(2);
        assertThat(dispatcher.awaitIdle(WAIT)).isTrue();

        assertThat(all.delivered).extracting(Notification::severity).containsExactly("warning", "critical", "warning");
        assertThat(critical.delivered).extracting(Notification::severity).containsExactly("critical");
        assertThat(resolvedOnly.delivered).extracting(Notification::kind).containsExactly(Notification.Kind.RESOLVED);
        assertThat(dispatcher.stats()).extracting(ChannelStats::sent).containsExactly(3L, 1L, 1L);
    }

    @Test
    void sendsOnOneNamedDaemonThreadPerChannel() throws Exception {
        FakeNotifier a = new FakeNotifier("a", 0, null);
        FakeNotifier b = new FakeNotifier("b", 0, null);
        start(FAST, 10, Channel.of("ops-hook", a), Channel.of("oncall", b));
        dispatcher.send(SampleNotifications.critical());
        assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
        assertThat(a.threads).containsExactly("mcp-monitor-notify-ops-hook daemon");
        assertThat(b.threads).containsExactly("mcp-monitor-notify-oncall daemon");
        assertThat(dispatcher.describe()).isEqualTo("notifications[fake:a, fake:b]");
    }

    @Test
    void retriesWithExponentialBackoffUntilDelivered() throws Exception {
        FakeNotifier flaky = new FakeNotifier("flaky", 3, null);
        start(FAST, 10, Channel.of("flaky", flaky));
        dispatcher.dispatch(SampleNotifications.critical());
        assertThat(dispatcher.awaitIdle(WAIT)).isTrue();

        assertThat(flaky.delivered).hasSize(1);
        List<Long> t = flaky.attemptNanos;
        assertThat(t).hasSize(4);
        // Waits of at least 20, 40 and 80 ms (capped) between the attempts.
        assertThat(t.get(1) - t.get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(t.get(2) - t.get(1)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
        assertThat(t.get(3) - t.get(2)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(80));
        ChannelStats s = dispatcher.stats().get(0);
        assertThat(s.sent()).isEqualTo(1);
        assertThat(s.retries()).isEqualTo(3);
        assertThat(s.failed()).isZero();
        assertThat(s.lastError()).contains("fake:flaky: refused attempt 3");
        assertThat(s.lastSentAt()).isPresent();
    }

    @Test
    void givesUpAfterTheLastAttemptAndCountsTheFailure() throws Exception {
        FakeNotifier down = new FakeNotifier("down", Integer.MAX_VALUE, null);
        start(new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(10)), 10, Channel.of("down", down));
        dispatcher.dispatch(SampleNotifications.critical());
        dispatcher.dispatch(SampleNotifications.warning());
        assertThat(dispatcher.awaitIdle(WAIT)).isTrue();

        assertThat(down.attempts).hasValue(6);
        ChannelStats s = dispatcher.stats().get(0);
        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.retries()).isEqualTo(4);
        assertThat(s.sent()).isZero();
        assertThat(s.toMap()).containsEntry("failed", 2L).containsKey("lastError").doesNotContainKey("lastSentAt");
    }

    @Test
    void aBlockedChannelDelaysNothingElse() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        FakeNotifier stuck = new FakeNotifier("stuck", 0, gate);
        FakeNotifier fine = new FakeNotifier("fine", 0, null);
        start(FAST, 10, Channel.of("stuck", stuck), Channel.of("fine", fine));
        for (int i = 0; i < 3; i++) {
            dispatcher.dispatch(SampleNotifications.critical());
        }
        // "fine" gets all three while "stuck" still holds the first.
        assertThat(fine.awaitDelivered(3)).isTrue();
        assertThat(stuck.delivered).isEmpty();
        assertThat(dispatcher.stats().get(0).queued()).isEqualTo(3);

        gate.countDown();
        assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
        assertThat(stuck.delivered).hasSize(3);
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        FakeNotifier stuck = new FakeNotifier("stuck", 0, gate);
        start(FAST, 2, Channel.of("stuck", stuck));
        int queued = 0;
        for (int i = 0; i < 5; i++) {
            queued += dispatcher.dispatch(SampleNotifications.warning());
        }
        // One in flight (maybe) plus two queued; the rest dropped, never blocking the caller.
        assertThat(queued).isBetween(2, 3);
        assertThat(dispatcher.stats().get(0).dropped()).isEqualTo(5 - queued);
        gate.countDown();
        assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
        assertThat(stuck.delivered).hasSize(queued);
    }

    @Test
    void closeDrainsTheQueueThenStopsAndClosesChannels() throws Exception {
        FakeNotifier slowToSucceed = new FakeNotifier("slow", 2, null);
        start(FAST, 10, Channel.of("slow", slowToSucceed));
        dispatcher.dispatch(SampleNotifications.critical());
        dispatcher.close();

        assertThat(slowToSucceed.delivered).hasSize(1);
        assertThat(slowToSucceed.closed).isTrue();
        assertThat(dispatcher.dispatch(SampleNotifications.critical())).isZero();
    }

    @Test
    void closeGivesUpOnAChannelStillRetryingAfterTheDrainTimeout() {
        FakeNotifier down = new FakeNotifier("down", Integer.MAX_VALUE, null);
        dispatcher = new NotificationDispatcher(List.of(Channel.of("down", down)),
                new RetryPolicy(100, Duration.ofSeconds(30), Duration.ofSeconds(30)), 10, Duration.ofMillis(50), Clock.SYSTEM);
        dispatcher.dispatch(SampleNotifications.critical());
        dispatcher.dispatch(SampleNotifications.critical());
        long start = System.nanoTime();
        dispatcher.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(dispatcher.stats().get(0).failed()).isEqualTo(2);
        assertThat(dispatcher.stats().get(0).queued()).isZero();
    }

    @Test
    void rejectsDuplicateChannelNames() {
        FakeNotifier a = new FakeNotifier("a", 0, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(FAST, 1, Channel.of("x", a), Channel.of("x", a)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x' is used twice");
    }

    @Test
    void describeChannelsCombinesTheRedactedConfigWithTheCounts() throws Exception {
        start(FAST, 10, Channel.of("a", new FakeNotifier("a", 0, null)));
        dispatcher.dispatch(SampleNotifications.critical());
        assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
        Map<String, Object> a = dispatcher.describeChannels().get(0);
        assertThat(a).containsEntry("name", "a").containsEntry("type", "custom").containsEntry("target", "fake:a");
        assertThat((Map<String, Object>) a.get("stats")).containsEntry("sent", 1L);
    }

    @Test
    void withoutChannelsNothingIsDispatched() {
        dispatcher = NotificationDispatcher.none();
        assertThat(dispatcher.dispatch(SampleNotifications.critical())).isZero();
        assertThat(dispatcher.stats()).isEmpty();
    }
}
