package io.mcpmonitor.core.alert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.mcpmonitor.core.store.LastGoodFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Alert rules, silences, alerts and the engine's bookkeeping in {@code <store>/alerts/state.json},
 * rewritten whole and atomically (temporary file, then rename) after every change, so a restart of
 * the sidecar finds exactly what it left, with a last-good copy beside it that a damaged file falls
 * back to.
 */
final class AlertStateFile {

    static final int FORMAT_VERSION = 1;

    /**
     * What is persisted. Durations as ISO-8601 ({@code PT5M}). {@code conditions} (problems raised by
     * outside sources, still holding) is absent from files written before it existed: read as empty.
     */
    record Snapshot(int formatVersion, List<AlertRule> rules, List<Silence> silences, List<Alert> alerts,
                    Map<String, Long> pendingSince, Map<String, List<Long>> sentByServer, long sequence,
                    List<HeldCondition> conditions) {

        Snapshot {
            conditions = conditions == null ? List.of() : conditions;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule()
                    .addSerializer(Duration.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Duration d, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(d.toString());
                        }
                    })
                    .addDeserializer(Duration.class, new JsonDeserializer<>() {
                        @Override
                        public Duration deserialize(JsonParser p, DeserializationContext c) throws IOException {
                            return Duration.parse(p.getValueAsString());
                        }
                    }))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;

    AlertStateFile(Path storeRoot) {
        this.file = storeRoot.resolve("alerts").resolve("state.json");
    }

    Path path() {
        return file;
    }

    /**
     * The saved state, or null when there is none; a damaged file falls back to its last-good copy
     * (see {@link LastGoodFile}), and {@code note} says so.
     */
    LastGoodFile.Loaded<Snapshot> load() throws IOException {
        LastGoodFile.Loaded<Snapshot> loaded = LastGoodFile.read(file, bytes -> MAPPER.readValue(bytes, Snapshot.class));
        Snapshot s = loaded.value();
        if (s != null && s.formatVersion() > FORMAT_VERSION) {
            throw new IOException(file + " has formatVersion " + s.formatVersion() + "; this build reads up to " + FORMAT_VERSION);
        }
        return loaded;
    }

    void save(Snapshot s) throws IOException {
        LastGoodFile.write(file, MAPPER.writeValueAsBytes(s));
    }
}
