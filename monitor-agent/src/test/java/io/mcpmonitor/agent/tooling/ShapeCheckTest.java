package io.mcpmonitor.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The reference check on the real SDK classes of the test class path and on small classes of other shapes
 * compiled here: the one handler lambda is found, also beside a nested lambda of the same signature; a missing
 * or differently typed one disables the instrumentation with one log line however often the class is seen.
 */
class ShapeCheckTest {

    @TempDir
    Path dir;

    /** Stands for the SDK's exchange type in the shapes of the classes below. */
    static final class Exchange {
    }

    /** The handler lambda plus a nested lambda javac names after the same method, with the same signature. */
    static final class NestedHandlers {
        final Mono<Object> value = Mono.empty();

        BiFunction<Exchange, Object, Mono<Object>> toolsCallRequestHandler() {
            return (exchange, params) -> {
                BiFunction<Exchange, Object, Mono<Object>> inner = (e, p) -> value;
                return inner.apply(exchange, params);
            };
        }
    }

    /** A handler lambda taking something else than the raw params. */
    static final class TypedRequestHandler {
        final Mono<Object> value = Mono.empty();

        BiFunction<Exchange, String, Mono<Object>> toolsCallRequestHandler() {
            return (exchange, request) -> value;
        }
    }

    /** No handler method at all. */
    static final class NoHandler {
        Mono<Object> handle(Exchange exchange, Object params) {
            return Mono.empty();
        }
    }

    @Test
    void findsTheHandlersAndTheValidatorOfTheRealSdk() throws IOException {
        ShapeCheck check = new ShapeCheck(AgentLog.open("off"));
        for (SdkShape shape : SdkShape.ALL) {
            assertThat(target(check, shape, shape.className())).as(shape.className()).isNotNull();
        }
    }

    @Test
    void picksTheLambdaTheHandlerMethodCreatesNotTheNestedOne() throws IOException {
        SdkShape shape = SdkShape.handler(NestedHandlers.class.getName(), Exchange.class.getName());
        ElementMatcher<MethodDescription> target = target(new ShapeCheck(AgentLog.open("off")), shape,
                NestedHandlers.class.getName());
        assertThat(target).isNotNull();
        List<String> chosen = describe(NestedHandlers.class.getName()).getDeclaredMethods().filter(target).stream()
                .map(m -> m.getInternalName() + m.getDescriptor()).toList();
        assertThat(chosen).hasSize(1);
        assertThat(ShapeCheck.lambdaBodies(classFile(NestedHandlers.class.getName()), SdkShape.HANDLER_METHOD))
                .containsExactlyElementsOf(chosen);
    }

    @Test
    void anotherSignatureOrNoHandlerDisablesWithOneLineEach() throws IOException {
        Path logFile = dir.resolve("agent.log");
        ShapeCheck check = new ShapeCheck(AgentLog.open(logFile.toString()));
        for (Class<?> type : List.of(TypedRequestHandler.class, NoHandler.class)) {
            SdkShape shape = SdkShape.handler(type.getName(), Exchange.class.getName());
            for (int i = 0; i < 3; i++) {
                assertThat(target(check, shape, type.getName())).as(type.getSimpleName()).isNull();
            }
        }
        List<String> lines = Files.readAllLines(logFile);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("WARN tools/call instrumentation disabled for "
                + TypedRequestHandler.class.getName(), "found none");
        assertThat(lines.get(1)).contains(NoHandler.class.getName(), "found none");
    }

    private static ElementMatcher<MethodDescription> target(ShapeCheck check, SdkShape shape, String className)
            throws IOException {
        return check.target(shape, describe(className), classFile(className));
    }

    private static TypeDescription describe(String className) {
        return TypePool.Default.of(ClassFileLocator.ForClassLoader.of(ShapeCheckTest.class.getClassLoader()))
                .describe(className).resolve();
    }

    private static byte[] classFile(String className) throws IOException {
        try (InputStream in = ShapeCheckTest.class.getClassLoader()
                .getResourceAsStream(className.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }
}
