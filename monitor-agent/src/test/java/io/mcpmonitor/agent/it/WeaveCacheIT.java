package io.mcpmonitor.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A host started again with the same agent and SDK is instrumented from the weave cache, without the agent's
 * weaving library, and measured exactly as at its first start; a damaged entry is woven again.
 */
class WeaveCacheIT {

    static final int N = 2;
    // One of the weaving library's classes that only weaving loads (the advice inliner).
    static final String WEAVING_CLASS = "shaded.bytebuddy.asm.Advice$Dispatcher$Inlining";

    @Test
    void aSecondStartWeavesNothingAndMeasuresTheSame() throws IOException {
        Path work = ItEnv.workDirectory("weave-cache");
        Path cache = work.resolve("cache");

        Start first = start(work, cache, 1);
        assertThat(first.log()).noneMatch(l -> l.contains("as woven at an earlier start"));
        assertThat(first.classes()).anyMatch(l -> l.contains(WEAVING_CLASS));
        assertThat(entries(cache)).as("the SDK classes the first start wove").hasSizeGreaterThanOrEqualTo(3);

        Start second = start(work, cache, 2);
        assertThat(second.log()).anyMatch(l -> l.contains("the weaver is not built"));
        for (String c : List.of("McpAsyncServer", "McpServerSession", "ToolInputValidator")) {
            assertThat(second.log()).anyMatch(l -> l.contains("instrumented io.modelcontextprotocol.")
                    && l.contains("." + c + " in ") && l.endsWith("(as woven at an earlier start)"));
        }
        assertThat(second.classes()).as("the weaving library is not loaded").noneMatch(l -> l.contains(WEAVING_CLASS));

        for (Path entry : entries(cache)) {
            byte[] bytes = Files.readAllBytes(entry);
            bytes[bytes.length / 2] ^= 1;
            Files.write(entry, bytes);
        }
        Start third = start(work, cache, 3);
        assertThat(third.log()).anyMatch(l -> l.contains("is damaged; deleted, the class is woven again"));
        assertThat(third.log()).noneMatch(l -> l.contains("as woven at an earlier start"));
        assertThat(third.classes()).anyMatch(l -> l.contains(WEAVING_CLASS));
    }

    /** Runs example-server once with the agent and the cache, makes every call N times and checks the store. */
    private static Start start(Path work, Path cache, int n) throws IOException {
        Path store = work.resolve("store-" + n);
        Path log = work.resolve("agent-" + n + ".log");
        Path classes = work.resolve("classes-" + n + ".log");
        JavaCommand command = JavaCommand.jar(ItEnv.exampleServerJar())
                .agent("store=" + store + ",cache=" + cache + ",log=" + log)
                .jvmArg("-Xlog:class+load=info:file=" + classes);
        List<String> stderr;
        try (McpSession session = McpSession.stdio(command)) {
            ExampleServerCalls.makeEach(session, N);
            stderr = session.stderr();
        }
        ExampleServerCalls.assertEach(StoreContents.read(store), ExampleServerStdioIT.SERVER, N);
        AgentOutput.assertNoWarnings(stderr);
        return new Start(Files.readAllLines(log), Files.readAllLines(classes));
    }

    private static List<Path> entries(Path cache) throws IOException {
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".class")).toList();
        }
    }

    private record Start(List<String> log, List<String> classes) {
    }
}
