package io.mcpmonitor.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentLogTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path store;

    @Test
    void recordsWithThePreviousVersionOfTheSameEnvironment() throws Exception {
        DeploymentLog log = new DeploymentLog(store);
        log.record("billing", "1.0", null, T0, "ci", "first", "tool");
        log.record("billing", "2.0-rc", "staging", T0.plusSeconds(60), "", "", "cli");
        Deployment d = log.record("billing", "2.0", "production", T0.plusSeconds(120), "", "", "tool");
        assertThat(d.previousVersion()).isEqualTo("1.0");
        assertThat(d.id()).matches("dep-[0-9a-f]{16}");
        List<Deployment> all = new DeploymentLog(store).all();
        assertThat(all).extracting(Deployment::version).containsExactly("1.0", "2.0-rc", "2.0");
        assertThat(all.get(0).environment()).isEqualTo("production");
        assertThat(all.get(0).deployedBy()).isEqualTo("ci");
        assertThat(all.get(1).previousVersion()).isEmpty();
        assertThat(new DeploymentLog(store).byId(d.id())).contains(d);
    }

    @Test
    void theAgentRecordsOnlyAChangedVersion() throws Exception {
        DeploymentLog log = new DeploymentLog(store);
        assertThat(log.recordIfVersionChanged("s", "A", "production", T0, "agent")).isPresent();
        assertThat(log.recordIfVersionChanged("s", "A", "production", T0.plusSeconds(5), "agent")).isEmpty();
        Deployment b = log.recordIfVersionChanged("s", "B", "production", T0.plusSeconds(9), "agent").orElseThrow();
        assertThat(b.previousVersion()).isEqualTo("A");
        assertThat(log.recordIfVersionChanged("other", "B", "production", T0, "agent")).isPresent();
        assertThat(log.all()).hasSize(3);
    }

    @Test
    void concurrentAgentsOfOneServerRecordItOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> new DeploymentLog(store)
                        .recordIfVersionChanged("s", "B", "production", T0, "agent").isPresent()));
            }
            long recorded = 0;
            for (Future<Boolean> f : results) {
                recorded += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(recorded).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDamagedLineCostsOnlyItsDeploymentAndATornLineDoesNotSwallowTheNext() throws Exception {
        DeploymentLog log = new DeploymentLog(store);
        log.record("s", "1", null, T0, "", "", "tool");
        log.record("s", "2", null, T0.plusSeconds(1), "", "", "tool");
        Path file = log.file();
        List<String> lines = Files.readAllLines(file);
        String edited = lines.get(0).replace("\"version\":\"1\"", "\"version\":\"9\"");
        Files.writeString(file, edited + "\n" + lines.get(1) + "\n{\"v\":1,\"type\":\"deploym", StandardCharsets.UTF_8);
        log.record("s", "3", null, T0.plusSeconds(2), "", "", "tool");
        DeploymentLog reader = new DeploymentLog(store);
        assertThat(reader.all()).extracting(Deployment::version).containsExactly("2", "3");
        assertThat(reader.skippedLines()).isEqualTo(2);
    }

    @Test
    void hostileNamesStayData() throws Exception {
        DeploymentLog log = new DeploymentLog(store);
        String name = "../../etc/passwd\n\"}{";
        log.record(name, "<script>", "staging", T0, "", "", "tool");
        assertThat(log.all()).singleElement().satisfies(d -> {
            assertThat(d.server()).isEqualTo(name);
            assertThat(d.isStaging()).isTrue();
        });
        try (var files = Files.walk(store)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> store.relativize(p).toString()))
                    .containsExactlyInAnyOrder("deployments/deployments.jsonl", "deployments/deployments.lock");
        }
    }

    @Test
    void badFieldsAreNamed() {
        DeploymentLog log = new DeploymentLog(store);
        assertThatThrownBy(() -> log.record("s", " ", null, T0, "", "", "tool"))
                .hasMessage("version: must not be blank");
        assertThatThrownBy(() -> log.record("s", "1", null, T0, "", "x".repeat(5000), "tool"))
                .hasMessageStartingWith("notes: must be at most 4000 characters");
    }
}
