package io.mcpmonitor.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.agent.bootstrap.Bridge;
import io.mcpmonitor.agent.bootstrap.CallSink;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The woven SDK dispatch in-process (a debugging aid next to the ITs, which run the packaged agent in real
 * JVMs): the SDK's classes are loaded by an isolated class loader, {@code McpStatelessAsyncServer} woven with
 * the Reactor-helper advice or with the fallback advice, and the same calls made as on an unwoven copy. The
 * responses must be identical and every call recorded once with its outcome.
 */
class InProcessDispatchTest {

    record Recorded(String server, String tool, int outcome, long nanos) {
    }

    private final List<Recorded> recorded = new ArrayList<>();
    private final List<Throwable> internal = new ArrayList<>();

    @BeforeEach
    void installSink() {
        Bridge.configure(new CallSink() {
            @Override
            public synchronized void record(String server, String tool, long durationNanos, int outcome) {
                recorded.add(new Recorded(server, tool, outcome, durationNanos));
            }

            @Override
            public synchronized void recordError(String server, String tool, long durationNanos, int outcome,
                                                 String errorType, String errorMessage) {
                recorded.add(new Recorded(server, tool, outcome, durationNanos));
            }

            @Override
            public synchronized void internalError(String where, Throwable error) {
                internal.add(error);
            }
        }, null, "java");
    }

    @AfterEach
    void removeSink() {
        Bridge.setEnabled(false);
        Bridge.configure(CallSink.NOOP, null, "java");
    }

    @ParameterizedTest(name = "reactor helper: {0}")
    @ValueSource(booleans = {true, false})
    void wovenDispatchAnswersTheSameAndRecordsEveryOutcome(boolean useHelper) throws Exception {
        List<String> tools = List.of("ok", "fail", "boom", "slow", "missing");
        Function<String, String> plain = driver(null, false);
        Function<String, String> woven = driver(new Weaver(List.of(), AgentLog.open("off")), useHelper);

        Bridge.setEnabled(true);
        List<String> wovenAnswers = new ArrayList<>();
        for (String t : tools) {
            wovenAnswers.add(woven.apply(t));
        }
        Bridge.setEnabled(false);
        List<String> plainAnswers = new ArrayList<>();
        for (String t : tools) {
            plainAnswers.add(plain.apply(t));
        }

        assertThat(wovenAnswers).isEqualTo(plainAnswers);
        assertThat(recorded).extracting(Recorded::tool).containsExactlyElementsOf(tools);
        assertThat(recorded).extracting(Recorded::outcome).containsExactly(Bridge.SUCCESS, Bridge.TOOL_ERROR,
                Bridge.EXCEPTION, Bridge.SUCCESS, Bridge.UNKNOWN_TOOL);
        assertThat(recorded).allMatch(r -> r.server().equals("in-process"));
        assertThat(recorded.get(3).nanos()).as("slow, timed to completion").isGreaterThanOrEqualTo(49_000_000L);
        assertThat(internal).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Function<String, String> driver(Weaver weaver, boolean useHelper) throws Exception {
        ClassLoader loader = new SdkLoader(InProcessDispatchTest.class.getClassLoader(), weaver, useHelper);
        // The SDK finds its JSON mapper and schema validator through the context class loader.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Function<String, String> driver = (Function<String, String>) Class.forName(
                    StatelessDriver.class.getName(), true, loader).getDeclaredConstructor().newInstance();
            return tool -> {
                thread.setContextClassLoader(loader);
                try {
                    return driver.apply(tool);
                } finally {
                    thread.setContextClassLoader(previous);
                }
            };
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Child-first for the SDK and the driver, weaving the stateless server when given a weaver. */
    private static final class SdkLoader extends ClassLoader {
        private final Weaver weaver;
        private final boolean useHelper;

        SdkLoader(ClassLoader parent, Weaver weaver, boolean useHelper) {
            super("isolated-sdk", parent);
            this.weaver = weaver;
            this.useHelper = useHelper;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.modelcontextprotocol.") && !name.startsWith(StatelessDriver.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes = bytes(name);
                    if (weaver != null && name.equals(ClassFilter.MCP_STATELESS_ASYNC_SERVER)) {
                        byte[] woven = weaver.weave(this, name.replace('.', '/'), bytes, useHelper);
                        bytes = woven == null ? bytes : woven;
                    }
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                return c;
            }
        }

        private byte[] bytes(String name) throws ClassNotFoundException {
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
