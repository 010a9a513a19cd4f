package io.mcpmonitor.core.alert;

import io.mcpmonitor.core.notify.Notification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * At most N notifications per server per hour (a sliding hour). Critical notifications always go
 * (and count); others over the budget wait in the server's digest, which goes out as one
 * notification as soon as the budget allows. Not thread-safe: the engine guards it.
 */
final class NotificationBudget {

    private static final long HOUR = 3_600_000L;

    private final int perHour;
    private final Map<String, List<Long>> sent;
    private final Map<String, List<Notification>> held = new LinkedHashMap<>();

    NotificationBudget(int perHour, Map<String, List<Long>> sent) {
        this.perHour = perHour;
        this.sent = new HashMap<>();
        sent.forEach((k, v) -> this.sent.put(k, new ArrayList<>(v)));
    }

    /** Passes {@code n} to {@code out} or holds it. */
    void offer(Notification n, long now, List<Notification> out) {
        List<Long> times = recent(n.server(), now);
        if (n.severity().equals(Severity.CRITICAL.wireName()) || times.size() < perHour) {
            times.add(now);
            out.add(n);
        } else {
            held.computeIfAbsent(n.server(), k -> new ArrayList<>()).add(n);
        }
    }

    /** Sends the digests whose server has budget again. */
    void releaseDigests(long now, List<Notification> out) {
        for (var it = held.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            List<Long> times = recent(e.getKey(), now);
            if (times.size() < perHour) {
                times.add(now);
                out.add(AlertMessages.digest(e.getKey(), e.getValue(), now));
                it.remove();
            }
        }
    }

    int held() {
        return held.values().stream().mapToInt(List::size).sum();
    }

    private List<Long> recent(String server, long now) {
        List<Long> times = sent.computeIfAbsent(server, k -> new ArrayList<>());
        times.removeIf(t -> t <= now - HOUR);
        return times;
    }

    Map<String, List<Long>> snapshot() {
        Map<String, List<Long>> copy = new HashMap<>();
        sent.forEach((k, v) -> {
            if (!v.isEmpty()) {
                copy.put(k, List.copyOf(v));
            }
        });
        return copy;
    }
}
