package io.mcpmonitor.mcp.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.mcpmonitor.core.wire.WireNamed;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns result records into the plain maps and lists of {@code structuredContent}: instants as
 * ISO-8601 strings, enums by their wire name where they have one, and NaN (an unknown change) as null,
 * since JSON has no NaN.
 */
public final class StructuredJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance)
                    .setSerializerModifier(new WireNameSerializers()));

    private StructuredJson() {
    }

    /** The JSON object form of {@code value} (a record or a map). */
    public static Map<String, Object> toMap(Object value) {
        Map<String, Object> m = MAPPER.convertValue(value, new TypeReference<LinkedHashMap<String, Object>>() { });
        @SuppressWarnings("unchecked")
        Map<String, Object> clean = (Map<String, Object>) sanitize(m);
        return clean;
    }

    /** The JSON form of {@code value} as text. */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value instanceof Map<?, ?> ? sanitize(value) : toMap(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes an enum that is {@link WireNamed} (outcomes, severities, metrics) by its wire name, so one value
     * has one name on the wire: {@code tool_error}, never {@code TOOL_ERROR}.
     */
    private static final class WireNameSerializers extends BeanSerializerModifier {
        @Override
        public JsonSerializer<?> modifyEnumSerializer(SerializationConfig config, JavaType type, BeanDescription desc,
                                                      JsonSerializer<?> serializer) {
            if (!WireNamed.class.isAssignableFrom(type.getRawClass())) {
                return serializer;
            }
            return new StdSerializer<WireNamed>(WireNamed.class) {
                @Override
                public void serialize(WireNamed value, JsonGenerator g, SerializerProvider p) throws IOException {
                    g.writeString(value.wireName());
                }
            };
        }
    }

    private static Object sanitize(Object v) {
        if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), sanitize(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(sanitize(x)));
            return out;
        }
        return v;
    }
}
