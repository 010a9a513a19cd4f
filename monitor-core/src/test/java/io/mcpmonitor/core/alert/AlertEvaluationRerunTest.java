package io.mcpmonitor.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An evaluation of the alert rules may be stopped and run again for each part of the store it needs loaded
 * ({@link StoreReader#query}): over a fresh reader of a store read through its writer's hour summaries, whose
 * minutes are loaded only as far as asked for, it gives the notifications and the alerts that evaluating once
 * over the same store without summaries gives, at every moment, pending periods included.
 */
class AlertEvaluationRerunTest {

    @TempDir
    Path dir;

    @TempDir
    Path plainDir;

    @Test
    void evaluatingAgainAfterAPartialLoadGivesWhatOneEvaluationOverTheMinuteLinesGives() throws Exception {
        AlertScene scene = new AlertScene(dir);
        long t0 = AlertScene.T0;
        long min = AlertScene.MIN;
        for (int m = 0; m < 45; m++) {
            scene.clock.advanceMillis(t0 + m * min + 30_000 - scene.clock.wallMillis());
            scene.calls("srv", "fast", 30, 0, 12, t0 + m * min + 1_000);
            scene.calls("srv", "slow", 20, 0, m >= 38 ? 900 : 80, t0 + m * min + 2_000);
            scene.calls("srv", "flaky", 20, m >= 40 ? 12 : 0, 30, t0 + m * min + 3_000);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.toList();
            assertThat(all).as("the writer keeps hour summaries").anyMatch(p -> p.toString().endsWith(".summary"));
            for (Path p : all) {
                Path rel = dir.relativize(p);
                if (rel.startsWith("alerts") || p.toString().endsWith(".summary")) {
                    continue;
                }
                Path to = plainDir.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        AlertRule pending = AlertScene.rule("srv", "slow", AlertMetric.RESPONSE_TIME, 500, Severity.WARNING,
                Duration.ofMinutes(2));
        AlertEngine summarised = scene.engine;
        summarised.setRule(pending);
        AlertEngine plain = AlertEngine.open(plainDir, AlertPolicy.DEFAULT);
        plain.setRule(pending);
        StoreReader plainReader = new StoreReader(Store.open(plainDir));

        AtomicInteger runs = new AtomicInteger();
        int evaluations = 0;
        for (long now = t0 + 45 * min; now <= t0 + 50 * min; now += 30_000) {
            long at = now;
            StoreReader fresh = new StoreReader(Store.open(dir)); // nothing of the summarised minutes loaded
            fresh.refresh();
            List<Notification> got = fresh.query(ix -> {
                runs.incrementAndGet();
                return summarised.evaluate(ix, at);
            });
            evaluations++;
            plainReader.refresh();
            List<Notification> expected = plainReader.read(ix -> plain.evaluate(ix, at));
            assertThat(describe(got)).as("at +%d s", (now - t0) / 1000).isEqualTo(describe(expected));
            assertThat(describeAlerts(summarised)).isEqualTo(describeAlerts(plain));
        }
        assertThat(runs.get()).as("evaluations were stopped and run again").isGreaterThan(evaluations);
        assertThat(describeAlerts(summarised)).as("the pending rule fired, and the error rate").anyMatch(a -> a.contains("slow"))
                .anyMatch(a -> a.contains("flaky"));
    }

    private static List<String> describe(List<Notification> ns) {
        List<String> out = new ArrayList<>();
        for (Notification n : ns) {
            out.add(n.kind() + " " + n.severity() + " " + n.title());
        }
        return out;
    }

    private static List<String> describeAlerts(AlertEngine e) {
        List<String> out = new ArrayList<>();
        for (Alert a : e.alerts(true)) {
            out.add(a.ruleId() + " " + a.server() + "/" + a.tool() + " " + a.status() + " " + a.severity());
        }
        return out;
    }
}
