package io.mcpmonitor.core.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpmonitor.core.wire.WireNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The deployments of every server, in the store: {@code <store>/deployments/deployments.jsonl},
 * append-only JSON Lines (docs/DEPLOYMENTS.md). Each line carries {@code "v"}, {@code "type":"deployment"}
 * and a {@code "crc"} (CRC-32 of the line without it): a torn, edited or otherwise damaged line is
 * skipped and counted ({@link #skippedLines()}), and costs only that deployment.
 *
 * <p>Thread- and process-safe: every append holds an OS lock on {@code deployments/deployments.lock},
 * so the agents of several servers and the sidecar can record at once, and
 * {@link #recordIfVersionChanged} decides and appends under that one lock. Server names are data
 * inside the lines, never part of a path.
 */
public final class DeploymentLog {

    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom IDS = new SecureRandom();

    private final Path directory;
    /** FileLock is per JVM, not per thread: threads of one JVM take turns here first. */
    private static final Object JVM_LOCK = new Object();

    private volatile long skippedLines;

    public DeploymentLog(Path storeRoot) {
        this.directory = storeRoot.resolve("deployments");
    }

    Path file() {
        return directory.resolve("deployments.jsonl");
    }

    /** Records a deployment; {@code previousVersion} is taken from the log (last of the same server and environment). */
    public Deployment record(String server, String version, String environment, Instant at, String deployedBy,
                             String notes, String source) throws IOException {
        return withLock(() -> appendLocked(server, version, environment, at, deployedBy, notes, source));
    }

    /**
     * Records a deployment only if the last one of {@code server} in {@code environment} has another
     * version or there is none yet: how the agent notices a new release from {@code serverInfo.version}.
     * A first sighting is recorded too (with no previous version), so the next change has a baseline.
     *
     * @return the new deployment, or empty when the version is the one already recorded
     */
    public Optional<Deployment> recordIfVersionChanged(String server, String version, String environment, Instant at,
                                                       String source) throws IOException {
        return withLock(() -> {
            Optional<Deployment> last = latest(readAll(), server, environment);
            if (last.isPresent() && last.get().version().equals(version)) {
                return Optional.empty();
            }
            return Optional.of(appendLocked(server, version, environment, at, "", "", source));
        });
    }

    /** Every readable deployment, oldest first (by {@code at}, then by order of recording). */
    public List<Deployment> all() throws IOException {
        List<Deployment> all = readAll();
        all.sort(Comparator.comparing(Deployment::at));
        return all;
    }

    /** The deployment with {@code id}, if recorded. */
    public Optional<Deployment> byId(String id) throws IOException {
        return readAll().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /**
     * Records the verdict of a deployment unless one is recorded already (by this or another process).
     *
     * @return true if this call recorded it; false if the deployment had a verdict
     */
    public boolean recordVerdictIfAbsent(DeploymentVerdict v) throws IOException {
        return withLock(() -> {
            if (verdictsOf(readLines()).stream().anyMatch(x -> x.deploymentId().equals(v.deploymentId()))) {
                return false;
            }
            append(encode(v));
            return true;
        });
    }

    /** Every recorded verdict, in order of recording. */
    public List<DeploymentVerdict> verdicts() throws IOException {
        return verdictsOf(readLines());
    }

    /** Lines skipped as unreadable by the reads of this instance. */
    public long skippedLines() {
        return skippedLines;
    }

    private static Optional<Deployment> latest(List<Deployment> all, String server, String environment) {
        Deployment best = null;
        for (Deployment d : all) {
            if (d.server().equals(server) && d.environment().equals(environment)
                    && (best == null || !d.at().isBefore(best.at()))) {
                best = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private Deployment appendLocked(String server, String version, String environment, Instant at, String deployedBy,
                                    String notes, String source) throws IOException {
        String env = environment == null || environment.isBlank() ? Deployment.DEFAULT_ENVIRONMENT : environment;
        String previous = latest(readAll(), server, env).map(Deployment::version).orElse("");
        Deployment d = new Deployment(newId(), server, version, previous, env, at, deployedBy == null ? "" : deployedBy,
                notes == null ? "" : notes, source);
        append(encode(d));
        return d;
    }

    private void append(String line) throws IOException {
        if (!Files.exists(file())) {
            Files.createFile(file());
        }
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            // A crash can leave a torn last line without its newline: end it first, or this line
            // would be glued to it and lost with it.
            String prefix = endsTorn() ? "\n" : "";
            ByteBuffer buf = ByteBuffer.wrap((prefix + line + "\n").getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
    }

    private boolean endsTorn() throws IOException {
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.READ)) {
            if (ch.size() == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, ch.size() - 1);
            return last.get(0) != '\n';
        }
    }

    private static String newId() {
        byte[] b = new byte[8];
        IDS.nextBytes(b);
        return "dep-" + HexFormat.of().formatHex(b);
    }

    static String encode(Deployment d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", FORMAT_VERSION).put("type", "deployment").put("id", d.id()).put("server", d.server())
                .put("version", d.version()).put("previousVersion", d.previousVersion()).put("environment", d.environment())
                .put("at", d.at().toString()).put("deployedBy", d.deployedBy()).put("notes", d.notes())
                .put("source", d.source());
        return sealed(n);
    }

    static String encode(DeploymentVerdict v) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", FORMAT_VERSION).put("type", "verdict").put("deploymentId", v.deploymentId())
                .put("verdict", v.verdict().wireName()).put("judgedAt", v.judgedAt().toString())
                .put("doNotPromote", v.doNotPromote()).put("summary", v.summary());
        v.failingTools().forEach(n.putArray("failingTools")::add);
        if (v.failingTools().isEmpty()) {
            n.putArray("failingTools");
        }
        return sealed(n);
    }

    /** The line of {@code n} with its checksum as the last field. */
    private static String sealed(ObjectNode n) {
        n.put("crc", crc(n.toString()));
        return n.toString();
    }

    private static String crc(String body) {
        CRC32 c = new CRC32();
        c.update(body.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", c.getValue());
    }

    /** The fields of one line with a valid checksum and format version, or null if it is damaged. */
    static ObjectNode validLine(String line) {
        try {
            JsonNode parsed = JSON.readTree(line);
            if (!(parsed instanceof ObjectNode n) || n.path("v").asInt() != FORMAT_VERSION) {
                return null;
            }
            JsonNode crc = n.remove("crc");
            return crc != null && crc.asText().equals(crc(n.toString())) ? n : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Deployment deployment(ObjectNode n) {
        return new Deployment(n.get("id").asText(), n.get("server").asText(), n.get("version").asText(),
                n.get("previousVersion").asText(), n.get("environment").asText(), Instant.parse(n.get("at").asText()),
                n.get("deployedBy").asText(), n.get("notes").asText(), n.get("source").asText());
    }

    private static DeploymentVerdict verdict(ObjectNode n) {
        List<String> failing = new ArrayList<>();
        n.withArray("failingTools").forEach(t -> failing.add(t.asText()));
        return new DeploymentVerdict(n.get("deploymentId").asText(), verdictOf(n.get("verdict").asText()),
                Instant.parse(n.get("judgedAt").asText()), n.get("doNotPromote").asBoolean(), failing,
                n.get("summary").asText());
    }

    private static Verdict verdictOf(String wire) {
        return WireNames.parse(Verdict.class, wire, (v, names) -> "verdict: unknown '" + v + "'");
    }

    private List<Deployment> readAll() throws IOException {
        List<Deployment> out = new ArrayList<>();
        for (ObjectNode n : readLines()) {
            if ("deployment".equals(n.path("type").asText())) {
                out.add(deployment(n));
            }
        }
        return out;
    }

    private static List<DeploymentVerdict> verdictsOf(List<ObjectNode> lines) {
        List<DeploymentVerdict> out = new ArrayList<>();
        for (ObjectNode n : lines) {
            if ("verdict".equals(n.path("type").asText())) {
                out.add(verdict(n));
            }
        }
        return out;
    }

    /** The readable lines of the log; each line that is damaged, or valid but not a readable record, is counted as skipped. */
    private List<ObjectNode> readLines() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        }
        List<ObjectNode> out = new ArrayList<>(lines.size());
        long skipped = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            ObjectNode n = validLine(line);
            if (n != null && readable(n)) {
                out.add(n);
            } else {
                skipped++;
            }
        }
        skippedLines = skipped;
        return out;
    }

    private static boolean readable(ObjectNode n) {
        try {
            switch (n.path("type").asText()) {
                case "deployment" -> deployment(n);
                case "verdict" -> verdict(n);
                default -> {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    private <T> T withLock(Locked<T> body) throws IOException {
        Files.createDirectories(directory);
        synchronized (JVM_LOCK) {
            try (FileChannel lockFile = FileChannel.open(directory.resolve("deployments.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                return body.run();
            }
        }
    }
}
