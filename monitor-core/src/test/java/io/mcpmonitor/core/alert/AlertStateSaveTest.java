package io.mcpmonitor.core.alert;

import static io.mcpmonitor.core.alert.AlertScene.MIN;
import static io.mcpmonitor.core.alert.AlertScene.T0;
import static io.mcpmonitor.core.alert.AlertScene.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.notify.Notification.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications do not depend on the state file: an evaluation whose save fails still returns what to
 * notify, changes stay in force, and the save is retried until it succeeds.
 */
class AlertStateSaveTest {

    @TempDir
    Path dir;

    AlertScene scene;

    @BeforeEach
    void open() throws Exception {
        scene = new AlertScene(dir);
    }

    /** Makes every save fail: the state file's place is taken by a directory that is not empty. */
    void blockSaves() throws Exception {
        Path state = scene.engine.stateFile();
        Files.deleteIfExists(state);
        Files.createDirectories(state.resolve("blocked"));
    }

    void unblockSaves() throws Exception {
        Path state = scene.engine.stateFile();
        Files.delete(state.resolve("blocked"));
        Files.delete(state);
    }

    @Test
    void aFiringNotificationIsReturnedAlthoughTheFirstTwoSavesFailAndTheThirdSavesIt() throws Exception {
        scene.engine.setRule(rule("srv", "t", AlertMetric.ERROR_RATE, 1, Severity.CRITICAL, Duration.ZERO));
        blockSaves();
        scene.calls("srv", "t", 0, 10, 5, T0);
        List<Notification> fired = scene.at(T0 + 1_000);                  // save 1 fails
        assertThat(fired).singleElement().satisfies(n -> assertThat(n.kind()).isEqualTo(Kind.FIRING));
        assertThat(scene.engine.saveStatus()).satisfies(s -> {
            assertThat(s.saved()).isFalse();
            assertThat(s.failedSaves()).isEqualTo(1);
            assertThat(s.lastError()).startsWith("cannot save alert state to " + scene.engine.stateFile());
        });
        assertThat(scene.engine.retrySave().failedSaves()).isEqualTo(2);   // save 2 fails
        assertThat(scene.at(T0 + 5_000)).as("sent once, not again because it was not saved").isEmpty();

        unblockSaves();
        assertThat(scene.engine.retrySave()).isEqualTo(SaveStatus.SAVED);
        AlertEngine again = AlertEngine.open(dir, AlertPolicy.DEFAULT);
        assertThat(again.alerts(false)).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo(fired.get(0).fields().get("alertId"));
            assertThat(a.lastNotifiedMillis()).isEqualTo(T0 + 1_000);
        });
    }

    @Test
    void changesTakeEffectWhenTheyCannotBeSavedAndAreSavedByTheNextSuccess() throws Exception {
        blockSaves();
        AlertRule r = scene.engine.setRule(rule("srv", "t", AlertMetric.RESPONSE_TIME, 10, Severity.WARNING, Duration.ZERO));
        assertThat(scene.engine.rules()).contains(r);
        assertThat(scene.engine.saveStatus().saved()).isFalse();
        scene.calls("srv", "t", 10, 0, 50, T0);
        assertThat(scene.at(T0 + 1_000)).extracting(Notification::kind).containsExactly(Kind.FIRING);
        String id = scene.onlyOpenAlert().id();
        scene.engine.acknowledge(id, "me", "on it", T0 + 2_000);
        assertThat(scene.engine.saveStatus().failedSaves()).isEqualTo(3);

        unblockSaves();
        scene.at(T0 + MIN);                                                // an evaluation saves too
        assertThat(scene.engine.saveStatus().saved()).isTrue();
        AlertEngine again = AlertEngine.open(dir, AlertPolicy.DEFAULT);
        assertThat(again.rules()).contains(r);
        assertThat(again.alert(id)).hasValueSatisfying(a -> assertThat(a.acknowledgedBy()).isEqualTo("me"));
    }
}
