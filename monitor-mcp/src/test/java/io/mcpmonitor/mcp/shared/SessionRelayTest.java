package io.mcpmonitor.mcp.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay and the listener over real Unix-domain sockets in this JVM. */
class SessionRelayTest {

    @TempDir
    Path tmp;

    private SharedAddress address() throws IOException {
        return SharedAddress.of(SharedAddress.privateDirectory(tmp.resolve("run")), tmp.resolve("store"), List.of());
    }

    private static final SidecarLaunch NO_LAUNCH = a -> {
        throw new IOException("no launch in this test");
    };

    /** Serves {@code session} on {@code address} on a daemon thread until the listener is closed. */
    private static SharedListener listen(SharedAddress address, SharedListener.Session session) throws IOException {
        SharedListener l = SharedListener.bind(address, m -> { });
        Thread t = new Thread(() -> {
            try {
                l.serve(Duration.ofMinutes(5), session);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.setDaemon(true);
        t.start();
        return l;
    }

    private static InputStream lines(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerIsMadeAgainWithWhatTheClientSent() throws Exception {
        SharedAddress address = address();
        AtomicInteger connections = new AtomicInteger();
        try (SharedListener l = listen(address, (in, out) -> {
            if (connections.incrementAndGet() == 1) {
                in.read(new byte[16]); // took the first bytes, then went away without a word
                return;
            }
            in.transferTo(out);
        })) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = SessionRelay.run(address, NO_LAUNCH, lines("{\"id\":1,\"method\":\"initialize\"}\n"), out, new PrintStream(err));
            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"id\":1,\"method\":\"initialize\"}\n");
            assertThat(connections).hasValue(2);
        }
    }

    @Test
    void onceTheSidecarHasAnsweredItsEndEndsTheSession() throws Exception {
        SharedAddress address = address();
        try (SharedListener l = listen(address, (in, out) -> out.write("{\"id\":1}\n".getBytes(StandardCharsets.UTF_8)))) {
            PipedOutputStream client = new PipedOutputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = SessionRelay.run(address, NO_LAUNCH, new PipedInputStream(client), out, new PrintStream(err, true));
            assertThat(code).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"id\":1}\n");
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("the shared sidecar ended this session");
            client.close();
        }
    }

    @Test
    void withNoSidecarAndNoWayToStartOneTheSessionIsServedAlone() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SessionRelay.run(address(), NO_LAUNCH, lines(""), OutputStream.nullOutputStream(), new PrintStream(err, true));
        assertThat(code).isEqualTo(SessionRelay.SERVE_ALONE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("could not start the shared sidecar (no launch in this test)");
    }

    @Test
    void aSidecarThatFailsAtItsStartIsReportedWithItsLog() throws Exception {
        SharedAddress address = address();
        Files.writeString(address.log(), "line 1\nmcp-monitor serve: --judge-delay: expected a positive duration\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SessionRelay.run(address, a -> new ProcessBuilder("false").start(), lines(""), OutputStream.nullOutputStream(),
                new PrintStream(err, true));
        assertThat(code).isEqualTo(SessionRelay.SERVE_ALONE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("stopped at its start (exit 1)").contains("--judge-delay: expected");
    }

    @Test
    void oneProcessServesAnAddress() throws Exception {
        SharedAddress address = address();
        try (SharedListener first = listen(address, (in, out) -> in.transferTo(out))) {
            assertThat(SharedListener.bind(address, m -> { })).as("a second one finds the first answering").isNull();
            assertThat(address.pid()).isEqualTo(ProcessHandle.current().pid());
        }
        assertThat(address.socket()).doesNotExist();
        assertThat(address.pidFile()).doesNotExist();
        // A socket file left behind (its process died) does not stop the next one.
        Files.writeString(address.socket(), "");
        try (SharedListener next = listen(address, (in, out) -> in.transferTo(out))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(SessionRelay.run(address, NO_LAUNCH, lines("ping\n"), out, new PrintStream(new ByteArrayOutputStream()))).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("ping\n");
        }
    }

    @Test
    void aStoppingSidecarNeverRemovesTheFilesOfTheOneAfterIt() throws Exception {
        SharedAddress address = address();
        SharedListener first = SharedListener.bind(address, m -> { });
        Thread serving = new Thread(() -> {
            try {
                first.serve(Duration.ofMinutes(5), (in, out) -> in.transferTo(out));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        serving.start();
        first.close();
        try (SharedListener next = SharedListener.bind(address, m -> { })) {
            assertThat(next).isNotNull();
            serving.join(60_000); // the first one's serve ends after the next one took the address
            assertThat(serving.isAlive()).isFalse();
            assertThat(address.socket()).as("the next sidecar's socket").exists();
            assertThat(address.pidFile()).as("the next sidecar's pid file").exists();
        }
    }

    @Test
    void anAddressNamesTheStoreTheOptionsAndTheBuild() throws IOException {
        Path run = SharedAddress.privateDirectory(tmp.resolve("run"));
        SharedAddress a = SharedAddress.of(run, tmp.resolve("store"), List.of());
        assertThat(SharedAddress.of(run, tmp.resolve("store/../store"), List.of())).isEqualTo(a);
        assertThat(SharedAddress.of(run, tmp.resolve("other"), List.of()).id()).isNotEqualTo(a.id());
        assertThat(SharedAddress.of(run, tmp.resolve("store"), List.of("--judge-delay", "5m")).id()).isNotEqualTo(a.id());
        assertThat(a.id()).matches("[0-9a-f]{16}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run))).isEqualTo("rwx------");
    }

    @Test
    void aRuntimeDirectoryOthersMayWriteIsRefused() throws IOException {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> SharedAddress.privateDirectory(open)).isInstanceOf(IOException.class)
                .hasMessageContaining("may be written by other users");
    }

    @Test
    void plainSharedArgumentsNeedNoParser() {
        assertThat(SharedServe.isPlainShared(new String[] {"--shared"})).isTrue();
        assertThat(SharedServe.isPlainShared(new String[] {"--store", "/s", "--shared"})).isTrue();
        assertThat(SharedServe.isPlainShared(new String[] {"--shared", "--store=/s"})).isTrue();
        assertThat(SharedServe.isPlainShared(new String[] {"--store", "/s"})).isFalse();
        assertThat(SharedServe.isPlainShared(new String[] {"--shared", "--idle-exit", "5m"})).isFalse();
        assertThat(SharedServe.isPlainShared(new String[] {"--shared", "--shared"})).isFalse();
        assertThat(SharedServe.isPlainShared(new String[] {"--shared", "--store"})).isFalse();
        assertThat(SharedServe.withoutShared(new String[] {"--shared", "--store", "/s"})).containsExactly("--store", "/s");
    }

    @Test
    void aSidecarInheritsTheSessionsJvmOptionsButNotWhatAttachesToIt() {
        assertThat(SidecarLaunch.jvmOptions(List.of("-XX:+UseSerialGC", "-javaagent:/a.jar", "-agentlib:jdwp=transport=dt_socket",
                "-XX:ArchiveClassesAtExit=/x.jsa", "-XX:SharedArchiveFile=/m.jsa", "-Dmcpmonitor.x=1")))
                .containsExactly("-XX:+UseSerialGC", "-XX:SharedArchiveFile=/m.jsa", "-Dmcpmonitor.x=1");
    }
}
