package io.mcpmonitor.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The weaver applied to the real SDK classes (the 2.x jar on the test class path): the handler body of both
 * servers and the validator are woven with calls to the bridge, through the Reactor helper; other classes are
 * left alone.
 */
class WeaverTest {

    private static final byte[] BRIDGE = "io/mcpmonitor/agent/bootstrap/Bridge".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HELPER = "reactor/core/publisher/McpMonitorTimedMono".getBytes(StandardCharsets.UTF_8);

    private final Weaver weaver = new Weaver(List.of(), AgentLog.open("off"));

    @Test
    void weavesTheToolsCallHandlerOfBothServersThroughTheReactorHelper() throws IOException {
        for (String type : List.of(ClassFilter.MCP_ASYNC_SERVER, ClassFilter.MCP_STATELESS_ASYNC_SERVER)) {
            byte[] woven = weave(type);
            assertThat(woven).as(type).isNotNull();
            assertThat(ClassFilter.contains(woven, BRIDGE)).as(type + " calls the bridge").isTrue();
            assertThat(ClassFilter.contains(woven, HELPER)).as(type + " wraps with the helper").isTrue();
        }
    }

    @Test
    void weavesTheValidator() throws IOException {
        byte[] woven = weave(ClassFilter.TOOL_INPUT_VALIDATOR);
        assertThat(woven).isNotNull();
        assertThat(ClassFilter.contains(woven, BRIDGE)).isTrue();
    }

    @Test
    void leavesOtherClassesAlone() throws IOException {
        assertThat(weave("io.modelcontextprotocol.server.McpSyncServer")).isNull();
    }

    @Test
    void wovenClassesStillLoadAndVerify() throws Exception {
        byte[] woven = weave(ClassFilter.MCP_STATELESS_ASYNC_SERVER);
        ClassLoader parent = WeaverTest.class.getClassLoader();
        ClassLoader isolated = new ClassLoader("woven", parent) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(ClassFilter.MCP_STATELESS_ASYNC_SERVER)) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, woven, 0, woven.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        Class<?> c = Class.forName(ClassFilter.MCP_STATELESS_ASYNC_SERVER, true, isolated);
        // Linking verifies every method, the woven handler body included.
        assertThat(c.getDeclaredMethods()).isNotEmpty();
    }

    @Test
    void classesWovenAheadAreHandedOutOnceAndOnlyToTheLoaderTheyWereReadFrom() throws IOException {
        ClassLoader loader = WeaverTest.class.getClassLoader();
        Weaver ahead = new Weaver(List.of(), AgentLog.open("off"));
        assertThat(ahead.prepare(new ClassLoader(null) { })).as("nothing to read there").isFalse();
        assertThat(ahead.prepare(loader)).isTrue();
        String server = ClassFilter.MCP_ASYNC_SERVER.replace('.', '/');
        String session = SessionTargets.SERVER_SESSION.replace('.', '/');
        assertThat(ahead.isPrepared(server)).isTrue();
        assertThat(ahead.isPrepared(session)).isTrue();

        byte[] sessionFile = classFile(session);
        byte[] handedOut = ahead.weave(loader, session, sessionFile);
        assertThat(ahead.isPrepared(session)).as("taken by its loading").isFalse();
        assertThat(handedOut).isNotNull().isEqualTo(weaver.weave(loader, session, sessionFile));

        ClassLoader child = new ClassLoader("child", loader) { };
        byte[] serverFile = classFile(server);
        byte[] wovenForChild = ahead.weave(child, server, serverFile);
        assertThat(ahead.isPrepared(server)).as("a load by another loader discards it").isFalse();
        assertThat(wovenForChild).isNotNull();
        assertThat(ClassFilter.contains(wovenForChild, BRIDGE)).isTrue();
    }

    private static byte[] classFile(String internal) throws IOException {
        try (InputStream in = WeaverTest.class.getClassLoader().getResourceAsStream(internal + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void eachHandlerBodyTimesItsOwnMcpMethod() throws IOException {
        // One advice serves the three handler bodies; the method it times is bound per woven method.
        Map<String, String> expected = Map.of("lambda$resourcesReadRequestHandler$", "resources/read",
                "lambda$promptsGetRequestHandler$", "prompts/get", "lambda$asyncInitializeRequestHandler$", "initialize");
        for (String type : List.of(ClassFilter.MCP_ASYNC_SERVER, ClassFilter.MCP_STATELESS_ASYNC_SERVER)) {
            // What the weaving added (the SDK's own code loads these names too, to register its handlers).
            Map<String, Set<String>> constants = operationConstants(weave(type));
            operationConstants(original(type)).forEach((method, own) -> constants.get(method).removeAll(own));
            Set<String> bodies = new HashSet<>();
            constants.forEach((method, added) -> {
                if (!added.isEmpty()) {
                    String prefix = expected.keySet().stream().filter(method::startsWith).findFirst().orElse(method);
                    bodies.add(prefix);
                    assertThat(added).as(type + "." + method).containsExactly(expected.get(prefix));
                }
            });
            // Both servers have a resources/read and a prompts/get body; only the stateless one an initialize body
            // (the stateful initialize handler is a method of its own, with its own advice).
            Set<String> timed = new HashSet<>(List.of("lambda$resourcesReadRequestHandler$", "lambda$promptsGetRequestHandler$"));
            if (type.equals(ClassFilter.MCP_STATELESS_ASYNC_SERVER)) {
                timed.add("lambda$asyncInitializeRequestHandler$");
            }
            assertThat(bodies).as(type).isEqualTo(timed);
        }
    }

    /** Per method of {@code classFile}: the MCP method names it loads as string constants. */
    private static Map<String, Set<String>> operationConstants(byte[] classFile) {
        Set<String> operations = Set.of("resources/read", "prompts/get", "initialize");
        Map<String, Set<String>> byMethod = new HashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                Set<String> found = byMethod.computeIfAbsent(name, k -> new HashSet<>());
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitLdcInsn(Object value) {
                        if (value instanceof String s && operations.contains(s)) {
                            found.add(s);
                        }
                    }
                };
            }
        }, 0);
        return byMethod;
    }

    private static byte[] original(String type) throws IOException {
        try (InputStream in = WeaverTest.class.getClassLoader().getResourceAsStream(type.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    private byte[] weave(String type) throws IOException {
        String internal = type.replace('.', '/');
        ClassLoader loader = WeaverTest.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(internal + ".class")) {
            return weaver.weave(loader, internal, in.readAllBytes());
        }
    }
}
