package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InFlightSnapshotsTest {

    static final long T = 1_764_000_000_000L;

    @TempDir
    Path root;

    private static InFlightSnapshot snapshot(String writer, long at, InFlightSnapshot.Series... calls) {
        return new InFlightSnapshot(writer, 42, at, 1_000, List.of(calls));
    }

    @Test
    void liveSnapshotsAddUpPerServerAndToolWithTheOldestAge() throws Exception {
        InFlightSnapshots.write(root, snapshot("host-1-a", T,
                new InFlightSnapshot.Series("weather", "forecast", 2, T - 5_000),
                new InFlightSnapshot.Series("weather", "alerts", 1, T - 1_000)));
        InFlightSnapshots.write(root, snapshot("host-2-b", T,
                new InFlightSnapshot.Series("weather", "forecast", 1, T - 9_000)));
        InFlightTotals now = InFlightTotals.read(root, T + 500);
        assertThat(now.server("weather")).isEqualTo(new InFlightTotals.Count(4, 9_500));
        assertThat(now.tool("weather", "forecast")).isEqualTo(new InFlightTotals.Count(3, 9_500));
        assertThat(now.tool("weather", "alerts")).isEqualTo(new InFlightTotals.Count(1, 1_500));
        assertThat(now.tools("weather")).containsExactly("alerts", "forecast");
        assertThat(now.server("other")).isEqualTo(InFlightTotals.Count.NONE);
        assertThat(now.total().count()).isEqualTo(4);
    }

    @Test
    void aSnapshotOlderThanThreeOfItsIntervalsIsOfAProcessGoneAndIgnored() throws Exception {
        InFlightSnapshots.write(root, snapshot("host-1-a", T, new InFlightSnapshot.Series("s", "t", 1, T)));
        assertThat(InFlightSnapshots.readLive(root, T + 3_000)).hasSize(1);
        assertThat(InFlightSnapshots.readLive(root, T + 3_001)).isEmpty();
    }

    @Test
    void anEmptySnapshotDeletesTheFileAndDamagedFilesAreSkipped() throws Exception {
        InFlightSnapshots.write(root, snapshot("host-1-a", T, new InFlightSnapshot.Series("s", "t", 1, T)));
        InFlightSnapshots.write(root, snapshot("host-1-a", T + 1_000));
        assertThat(InFlightSnapshots.file(root, "host-1-a")).doesNotExist();
        Files.writeString(InFlightSnapshots.directory(root).resolve("host-3-c.json"), "{\"v\":1,\"type\":\"infl");
        Files.writeString(InFlightSnapshots.directory(root).resolve("host-4-d.json"), "{\"v\":1,\"type\":\"inflight\"}");
        assertThat(InFlightTotals.read(root, T)).isSameAs(InFlightTotals.EMPTY);
        assertThat(InFlightTotals.read(root.resolve("no-store"), T)).isSameAs(InFlightTotals.EMPTY);
    }

    @Test
    void theFileIsVersionedJsonNamedByTheWriterOnly() throws Exception {
        InFlightSnapshots.write(root, snapshot("host-1-a", T,
                new InFlightSnapshot.Series("../../etc", "a/b", 1, T - 1)));
        assertThat(InFlightSnapshots.directory(root)).isDirectoryContaining(p -> p.getFileName().toString().equals("host-1-a.json"));
        String json = Files.readString(InFlightSnapshots.file(root, "host-1-a"));
        assertThat(json).startsWith("{\"v\":1,\"type\":\"inflight\",\"writer\":\"host-1-a\"").contains("\"server\":\"../../etc\"");
        assertThat(InFlightSnapshots.readLive(root, T).get(0).calls().get(0).tool()).isEqualTo("a/b");
    }
}
