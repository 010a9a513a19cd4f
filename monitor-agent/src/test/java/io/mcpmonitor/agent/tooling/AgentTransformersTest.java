package io.mcpmonitor.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The Byte Buddy transformer applied to the real SDK classes (the 2.x jar on the test class path): the
 * handler body and the validator are woven with calls to the bridge, without any instrumentation error.
 */
class AgentTransformersTest {

    private static final byte[] BRIDGE = "io/mcpmonitor/agent/bootstrap/Bridge".getBytes(StandardCharsets.UTF_8);

    private final AtomicLong transformed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    @Test
    void weavesTheToolsCallHandlerOfBothServersAndTheValidator() throws Exception {
        ClassFileTransformer t = AgentTransformers.build(List.of(), AgentLog.open("off"), transformed, failed);
        for (String type : List.of(ClassFilter.MCP_ASYNC_SERVER, ClassFilter.MCP_STATELESS_ASYNC_SERVER,
                ClassFilter.TOOL_INPUT_VALIDATOR)) {
            byte[] woven = transform(t, type);
            assertThat(woven).as(type).isNotNull();
            assertThat(ClassFilter.contains(woven, BRIDGE)).as(type + " calls the bridge").isTrue();
        }
        assertThat(transformed.get()).isEqualTo(3);
        assertThat(failed.get()).isZero();
    }

    @Test
    void leavesOtherSdkClassesAlone() throws Exception {
        ClassFileTransformer t = AgentTransformers.build(List.of(), AgentLog.open("off"), transformed, failed);
        assertThat(transform(t, "io.modelcontextprotocol.server.McpSyncServer")).isNull();
        assertThat(failed.get()).isZero();
    }

    private static byte[] transform(ClassFileTransformer t, String type) throws IOException,
            IllegalClassFormatException {
        String internal = type.replace('.', '/');
        ClassLoader loader = AgentTransformersTest.class.getClassLoader();
        byte[] original;
        try (InputStream in = loader.getResourceAsStream(internal + ".class")) {
            original = in.readAllBytes();
        }
        return t.transform(loader.getUnnamedModule(), loader, internal, null, null, original);
    }
}
