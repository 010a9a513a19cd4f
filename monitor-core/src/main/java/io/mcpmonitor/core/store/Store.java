package io.mcpmonitor.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The store directory and its layout (docs/STORE.md):
 *
 * <pre>
 * store.json                                  format version, written once
 * minute/yyyy-MM-dd/HH/WRITER.jsonl           appended by one writer process each; date and hour of writing, UTC
 * minute/yyyy-MM-dd/HH/WRITER.jsonl.gz        the same once the hour is closed: one line per series and minute, gzipped
 * hour/yyyy-MM-dd/HH.jsonl.gz                 hourly rollups, rewritten atomically
 * day/yyyy-MM/dd.jsonl.gz                     daily rollups, rewritten atomically
 * compact.lock                                held by the one process that compacts
 * </pre>
 *
 * <p>Only dates, hours and writer ids (which this class makes safe) appear in paths; server and
 * tool names live inside the JSON lines only, so no name from outside can reach the file system.
 *
 * <p>Immutable and thread-safe.
 */
public final class Store {

    /** The environment variable that overrides the default directory. */
    public static final String ENV_VARIABLE = "MCP_MONITOR_STORE";
    /** The default directory below the user's home. */
    public static final String DEFAULT_DIRECTORY_NAME = ".mcp-monitor";

    /**
     * The mapper for store.json, in a holder of its own: building an ObjectMapper loads hundreds of classes,
     * and {@link #resolveDirectory} must stay cheap for callers that only want the path (the agent resolves it
     * while its host starts, long before anything is written).
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final Path root;
    private final List<String> notes;

    private Store(Path root, List<String> notes) {
        this.root = root;
        this.notes = notes;
    }

    /**
     * The directory to use: {@code explicit} if given, else {@code $MCP_MONITOR_STORE} if set and not
     * blank, else {@code .mcp-monitor} in the home directory. The home is {@code $HOME} when set, as
     * the shell has it (Java's {@code user.home} comes from the password database and differs under
     * {@code sudo -E}, containers and test sandboxes), else {@code user.home}.
     */
    public static Path resolveDirectory(Path explicit) {
        String home = System.getenv("HOME");
        return resolveDirectory(explicit, System.getenv(ENV_VARIABLE),
                home == null || home.isBlank() ? System.getProperty("user.home") : home);
    }

    static Path resolveDirectory(Path explicit, String env, String home) {
        if (explicit != null) {
            return explicit.toAbsolutePath().normalize();
        }
        if (env != null && !env.isBlank()) {
            return Paths.get(env.trim()).toAbsolutePath().normalize();
        }
        return Paths.get(home, DEFAULT_DIRECTORY_NAME).toAbsolutePath().normalize();
    }

    /**
     * Opens the store at {@code directory}, creating it and its {@code store.json} if needed. A
     * damaged {@code store.json} never stops the store: it is restored from its last-good copy, or
     * (with none) moved aside and written anew, since every line carries its own format version;
     * {@link #notes()} says what was done.
     *
     * @throws IOException if the directory cannot be created, or holds a store of a newer format
     */
    public static Store open(Path directory) throws IOException {
        Path root = directory.toAbsolutePath().normalize();
        Files.createDirectories(root);
        Path meta = root.resolve("store.json");
        LastGoodFile.Loaded<JsonNode> loaded = LastGoodFile.read(meta, Store::parseMeta);
        List<String> notes = loaded.recovered() ? List.of(loaded.note()) : List.of();
        if (loaded.value() != null) {
            int v = loaded.value().get("formatVersion").asInt();
            if (v > RecordCodec.FORMAT_VERSION) {
                throw new IOException(meta + " has formatVersion " + v + "; this build reads up to "
                        + RecordCodec.FORMAT_VERSION + ": upgrade mcp-monitor");
            }
            if (!Files.exists(LastGoodFile.copyOf(meta))) {
                // A store made before last-good copies existed gets its copy now, while its file is good.
                LastGoodFile.write(meta, Files.readAllBytes(meta));
            }
        } else {
            String json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of(
                    "formatVersion", RecordCodec.FORMAT_VERSION,
                    "created", Instant.now().toString(),
                    "layout", "docs/STORE.md"));
            LastGoodFile.write(meta, json.getBytes(StandardCharsets.UTF_8));
        }
        return new Store(root, notes);
    }

    /** A valid store.json is a JSON object with a positive integer {@code formatVersion}. */
    private static JsonNode parseMeta(byte[] bytes) throws IOException {
        JsonNode n = Json.MAPPER.readTree(bytes);
        if (n == null || !n.isObject() || !n.path("formatVersion").isIntegralNumber() || n.get("formatVersion").asInt() < 1) {
            throw new IOException("no integer formatVersion");
        }
        return n;
    }

    /** What opening the store had to repair (a damaged store.json), for the caller to report; usually empty. */
    public List<String> notes() {
        return notes;
    }

    /** Opens the store without creating anything (for readers). Missing directories read as empty. */
    public static Store at(Path directory) {
        return new Store(directory.toAbsolutePath().normalize(), List.of());
    }

    public Path root() {
        return root;
    }

    public Path minuteDirectory() {
        return root.resolve("minute");
    }

    public Path hourDirectory() {
        return root.resolve("hour");
    }

    public Path dayDirectory() {
        return root.resolve("day");
    }

    Path lockFile() {
        return root.resolve("compact.lock");
    }

    /** The file a writer appends to at {@code wallMillis}. */
    public Path minuteFile(long wallMillis, String writerId) {
        ZonedDateTime t = utc(wallMillis);
        return minuteDirectory().resolve(String.format("%04d-%02d-%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth()))
                .resolve(String.format("%02d", t.getHour()))
                .resolve(WriterIds.requireSafe(writerId) + ".jsonl");
    }

    /** The rollup file of the hour or day starting at {@code startMillis}. */
    public Path rollupFile(Resolution resolution, long startMillis) {
        ZonedDateTime t = utc(startMillis);
        return switch (resolution) {
            case HOUR -> hourDirectory().resolve(String.format("%04d-%02d-%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth()))
                    .resolve(String.format("%02d.jsonl.gz", t.getHour()));
            case DAY -> dayDirectory().resolve(String.format("%04d-%02d", t.getYear(), t.getMonthValue()))
                    .resolve(String.format("%02d.jsonl.gz", t.getDayOfMonth()));
            case MINUTE -> throw new IllegalArgumentException("minute data has no rollup file");
        };
    }

    private static ZonedDateTime utc(long millis) {
        return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Store s && s.root.equals(root);
    }

    @Override
    public int hashCode() {
        return Objects.hash(root);
    }

    @Override
    public String toString() {
        return "Store[" + root + "]";
    }
}
