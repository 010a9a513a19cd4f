package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.notify.Notifier;
import io.mcpmonitor.core.record.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans each notification out to every channel that accepts it. Each channel has its own bounded queue and daemon
 * thread ({@code mcp-monitor-notify-<name>}) that sends in order and retries with exponential backoff
 * ({@link RetryPolicy}), so one failing or slow channel never delays the others, and {@link #dispatch} never blocks.
 * Failures are logged through slf4j without secrets (WARN for the first failure of a streak and for every
 * notification given up, DEBUG otherwise) and counted per channel ({@link #stats()}).
 *
 * <p>Thread-safe. It is itself a {@link Notifier}, so it can be handed to the alert engine as its one sink:
 * {@link #send} is {@link #dispatch}. {@link #close()} waits up to the drain timeout for queued notifications,
 * then stops the threads and closes channels that hold resources (a spawned MCP server).
 *
 * <pre>{@code
 * try (NotificationDispatcher notifications = NotificationDispatcher.fromFile(Path.of("notifications.json"))) {
 *     notifications.dispatch(notification);            // returns at once: queued for each matching channel
 *     notifications.stats();                           // sent / failed / retries / dropped / queued per channel
 * }
 * }</pre>
 */
public final class NotificationDispatcher implements Notifier, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(1);

    private final List<ChannelWorker> workers;
    private final Duration drainTimeout;
    private volatile boolean closed;

    /**
     * @param channels      the destinations; names must be unique
     * @param retry         retries per notification and channel
     * @param queueCapacity notifications each channel may hold before it drops new ones, at least 1
     * @param drainTimeout  how long {@link #close()} waits for queued notifications, zero or more
     * @param clock         wall time for the timestamps of {@link #stats()}
     */
    public NotificationDispatcher(List<Channel> channels, RetryPolicy retry, int queueCapacity, Duration drainTimeout,
            Clock clock) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity: must be at least 1, was " + queueCapacity);
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout: must not be negative, was " + drainTimeout);
        }
        Set<String> names = new HashSet<>();
        List<ChannelWorker> w = new ArrayList<>();
        for (Channel c : channels) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("channels: the name '" + c.name() + "' is used twice");
            }
            w.add(new ChannelWorker(c, retry, queueCapacity, clock));
        }
        this.workers = List.copyOf(w);
        this.drainTimeout = drainTimeout;
        workers.forEach(ChannelWorker::start);
    }

    /** The channels, retry policy, queue capacity and drain timeout of {@code config}, on the system clock. */
    public static NotificationDispatcher create(NotificationConfig config) {
        return new NotificationDispatcher(config.channels(), config.retry(), config.queueCapacity(), config.drainTimeout(),
                Clock.SYSTEM);
    }

    /**
     * Reads the config file (docs/NOTIFICATIONS.md), resolving {@code ${env:NAME}} from the environment.
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if the config is invalid (the message names the channel and the field)
     */
    public static NotificationDispatcher fromFile(Path configFile) throws IOException {
        return create(NotificationConfig.load(configFile));
    }

    /** A dispatcher without channels: dispatches nothing. */
    public static NotificationDispatcher none() {
        return create(NotificationConfig.EMPTY);
    }

    /**
     * Queues {@code n} for every channel whose filter accepts it and returns at once.
     *
     * @return how many channels queued it (0 after {@link #close()}, or when no filter accepts it)
     */
    public int dispatch(Notification n) {
        if (closed) {
            LOG.debug("closed: not dispatching {} notification", n.kind().wireName());
            return 0;
        }
        int queued = 0;
        for (ChannelWorker w : workers) {
            if (w.channel().accepts(n) && w.offer(n)) {
                queued++;
            }
        }
        return queued;
    }

    /** Same as {@link #dispatch}; never throws. */
    @Override
    public void send(Notification n) {
        dispatch(n);
    }

    @Override
    public String describe() {
        return "notifications[" + workers.stream().map(w -> w.channel().notifier().describe())
                .collect(Collectors.joining(", ")) + "]";
    }

    /** The channels' counts, in config order. */
    public List<ChannelStats> stats() {
        return workers.stream().map(ChannelWorker::stats).toList();
    }

    /**
     * For a status tool: each channel's redacted config ({@code name}, {@code type}, {@code target}, filters, …)
     * with its counts under {@code stats}. Holds no secret.
     */
    public List<Map<String, Object>> describeChannels() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ChannelWorker w : workers) {
            Map<String, Object> m = new LinkedHashMap<>(w.channel().redacted());
            m.put("stats", w.stats().toMap());
            out.add(m);
        }
        return out;
    }

    /** Waits until every channel has nothing queued or in flight; false if {@code timeout} passed first. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        boolean idle = true;
        for (ChannelWorker w : workers) {
            idle &= w.awaitIdle(deadlineNanos);
        }
        return idle;
    }

    /**
     * Stops accepting notifications, waits up to the drain timeout for the queued ones, then stops every thread
     * (what is left counts as failed) and closes channels that are {@link AutoCloseable}. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!awaitIdle(drainTimeout)) {
                LOG.warn("closing with notifications still queued after {} ms", drainTimeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.forEach(ChannelWorker::stop);
        for (ChannelWorker w : workers) {
            try {
                w.join(JOIN_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ChannelWorker w : workers) {
            if (w.channel().notifier() instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("{}: closing failed: {}", w.channel().notifier().describe(),
                            e instanceof NotificationFailure ? e.getMessage() : e.getClass().getSimpleName());
                }
            }
        }
    }
}
