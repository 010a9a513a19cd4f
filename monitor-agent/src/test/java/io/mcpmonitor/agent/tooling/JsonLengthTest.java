package io.mcpmonitor.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON length the agent computes for structured content equals the bytes Jackson writes for it. */
class JsonLengthTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void equalsTheBytesJacksonWritesForJsonData() throws Exception {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("city", "Zürich");
        v.put("quote", "he said \"hi\"\n\tand left \\ \u0001");
        v.put("emoji", "🌦 €");
        v.put("n", 42);
        v.put("x", -3.25);
        v.put("big", 12345678901234L);
        v.put("ok", true);
        v.put("no", false);
        v.put("none", null);
        v.put("list", List.of(1, "two", Map.of("three", 3), List.of()));
        v.put("empty", Map.of());
        JsonLength.Length got = JsonLength.of(v);
        assertThat(got.complete()).isTrue();
        assertThat(got.bytes()).isEqualTo(JSON.writeValueAsString(v).getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void otherTypesAndCyclesAreLeftOutAndSaidSo() {
        assertThat(JsonLength.of(Map.of("when", new java.util.Date())).complete()).isFalse();
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThat(JsonLength.of(cycle).complete()).isFalse();
        assertThat(JsonLength.of(Arrays.asList("a", null)).bytes()).isEqualTo("[\"a\",null]".length());
    }
}
