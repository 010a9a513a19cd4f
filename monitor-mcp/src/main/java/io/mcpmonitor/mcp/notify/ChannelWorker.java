package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.record.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's queue and daemon thread ({@code mcp-monitor-notify-<name>}): sends notifications in order, retries
 * each with backoff, counts the outcome. Only this thread calls the channel's notifier, so a slow or failing
 * channel delays nothing but itself. {@link #offer} is thread-safe and never blocks.
 */
final class ChannelWorker {

    // Logged under the dispatcher's name: that is the class users configure.
    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

    private final Channel channel;
    private final String label;
    private final RetryPolicy retry;
    private final Clock clock;
    private final BlockingQueue<Notification> queue;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean warnedFull = new AtomicBoolean();
    private volatile Optional<String> lastError = Optional.empty();
    private volatile Optional<Instant> lastErrorAt = Optional.empty();
    private volatile Optional<Instant> lastSentAt = Optional.empty();

    // Queued plus in flight; guarded by the lock itself, which is notified when it reaches 0.
    private final Object idleLock = new Object();
    private int pending;

    // Only the worker thread: whether the channel is in a failing streak (WARN once per streak, then DEBUG).
    private boolean failing;

    ChannelWorker(Channel channel, RetryPolicy retry, int queueCapacity, Clock clock) {
        this.channel = channel;
        this.label = channel.notifier().describe();
        this.retry = retry;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "mcp-monitor-notify-" + channel.name());
        this.thread.setDaemon(true);
    }

    Channel channel() {
        return channel;
    }

    void start() {
        thread.start();
    }

    /** Queues {@code n}; false (and counted as dropped) if the queue is full. */
    boolean offer(Notification n) {
        synchronized (idleLock) {
            if (queue.offer(n)) {
                pending++;
                return true;
            }
        }
        dropped.incrementAndGet();
        if (warnedFull.compareAndSet(false, true)) {
            LOG.warn("{}: queue full, dropping {} notification (further drops are logged at DEBUG)", label, n.kind().wireName());
        } else {
            LOG.debug("{}: queue full, dropping {} notification", label, n.kind().wireName());
        }
        return false;
    }

    /** Waits until nothing is queued or in flight, or until {@code deadlineNanos} ({@link System#nanoTime()}). */
    boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        synchronized (idleLock) {
            while (pending > 0) {
                long leftNanos = deadlineNanos - System.nanoTime();
                if (leftNanos <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idleLock, leftNanos);
            }
            return true;
        }
    }

    /** Ends backoff waits and the thread; what is still queued counts as failed. */
    void stop() {
        stop.countDown();
        thread.interrupt();
    }

    void join(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
    }

    ChannelStats stats() {
        int queued;
        synchronized (idleLock) {
            queued = pending;
        }
        return new ChannelStats(channel.name(), channel.type(), sent.get(), failed.get(), retries.get(), dropped.get(),
                queued, lastError, lastErrorAt, lastSentAt);
    }

    private void run() {
        while (stop.getCount() > 0) {
            Notification n;
            try {
                n = queue.take();
            } catch (InterruptedException e) {
                break;
            }
            try {
                deliver(n);
            } catch (LinkageError e) {
                // A broken channel (missing class) must not end the thread that other notifications wait on.
                failed.incrementAndGet();
                LOG.error("{}: cannot send: {}", label, e.toString());
            } finally {
                done(1);
            }
        }
        List<Notification> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            failed.addAndGet(left.size());
            LOG.warn("{}: stopped with {} notification(s) undelivered", label, left.size());
            done(left.size());
        }
    }

    private void done(int count) {
        synchronized (idleLock) {
            pending -= count;
            if (pending == 0) {
                idleLock.notifyAll();
            }
        }
    }

    private void deliver(Notification n) {
        for (int attempt = 1; ; attempt++) {
            try {
                channel.notifier().send(n);
                sent.incrementAndGet();
                lastSentAt = Optional.of(now());
                if (failing) {
                    LOG.info("{}: delivering again", label);
                    failing = false;
                }
                return;
            } catch (Exception e) {
                // Channels put no secret in messages (Notifier's contract; ours scrub them).
                String message = e instanceof NotificationFailure ? e.getMessage() : e.toString();
                lastError = Optional.of(message);
                lastErrorAt = Optional.of(now());
                // Our channels' messages start with the label the log line starts with already.
                String detail = message.startsWith(label + ": ") ? message.substring(label.length() + 2) : message;
                if (attempt >= retry.maxAttempts()) {
                    failed.incrementAndGet();
                    failing = true;
                    LOG.warn("{}: gave up a {} notification after {} attempt(s): {}", label, n.kind().wireName(), attempt,
                            detail);
                    return;
                }
                Duration wait = retry.backoffAfter(attempt);
                retries.incrementAndGet();
                if (failing) {
                    LOG.debug("{}: attempt {}/{} failed, retrying in {} ms: {}", label, attempt, retry.maxAttempts(),
                            wait.toMillis(), detail);
                } else {
                    LOG.warn("{}: attempt {}/{} failed, retrying in {} ms: {}", label, attempt, retry.maxAttempts(),
                            wait.toMillis(), detail);
                    failing = true;
                }
                if (stopRequestedWithin(wait)) {
                    failed.incrementAndGet();
                    LOG.warn("{}: stopped while retrying a {} notification; it was not delivered", label, n.kind().wireName());
                    return;
                }
            }
        }
    }

    private boolean stopRequestedWithin(Duration wait) {
        try {
            return stop.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return true;
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.wallMillis());
    }
}
