package io.mcpmonitor.examples.server;

import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The example server's tool handlers, registered either on an async or on a sync MCP server.
 *
 * <p>Thread-safe: the SDK calls handlers concurrently. On the async server, {@code echo} completes on the
 * calling thread, the blocking tools ({@code slow_query}, {@code flaky}, {@code explode}) run on Reactor's
 * bounded-elastic scheduler, and {@code async_fetch} completes from a {@code Mono.delay} timer without
 * holding a thread. On the sync server every tool blocks, {@code async_fetch} included. A bad argument is a
 * domain failure ({@code isError=true}, message naming the argument); {@code explode} throws, which the SDK
 * answers with a JSON-RPC error.
 *
 * <pre>{@code
 * ExampleTools tools = new ExampleTools(ToolDefinitions.create(McpJsonDefaults.getMapper()));
 * McpServer.async(transport).tools(tools.asyncSpecifications()).build();
 * }</pre>
 */
final class ExampleTools {

    /** A tool body that may block; it reads its arguments and returns the tool's result. */
    @FunctionalInterface
    private interface ToolBody {
        CallToolResult call(ToolArguments arguments);
    }

    private final ToolDefinitions definitions;
    private final FlakyOutcomes flakyOutcomes = new FlakyOutcomes();

    // slow_query sleeps this many times the asked delay (1: as asked).
    private final double slowFactor;

    ExampleTools(ToolDefinitions definitions) {
        this(definitions, 1);
    }

    ExampleTools(ToolDefinitions definitions, double slowFactor) {
        this.definitions = definitions;
        this.slowFactor = slowFactor;
    }

    /** The tools for {@code McpServer.async(...)}; {@code async_fetch} is truly asynchronous here. */
    List<AsyncToolSpecification> asyncSpecifications() {
        return List.of(
                inline(definitions.echo(), this::echo),
                offloaded(definitions.slowQuery(), this::slowQuery),
                offloaded(definitions.flaky(), this::flaky),
                offloaded(definitions.explode(), this::explode),
                AsyncToolSpecification.builder()
                        .tool(definitions.asyncFetch())
                        .callHandler((exchange, request) -> fetchWithoutBlocking(request))
                        .build());
    }

    /** The tools for {@code McpServer.sync(...)}; here {@code async_fetch} sleeps instead. */
    List<SyncToolSpecification> syncSpecifications() {
        return List.of(
                blocking(definitions.echo(), this::echo),
                blocking(definitions.slowQuery(), this::slowQuery),
                blocking(definitions.flaky(), this::flaky),
                blocking(definitions.explode(), this::explode),
                blocking(definitions.asyncFetch(), this::fetchBlocking));
    }

    CallToolResult echo(ToolArguments arguments) {
        return success(arguments.requiredString("text"));
    }

    CallToolResult slowQuery(ToolArguments arguments) {
        long delayMillis = Math.round(arguments.requiredMillis("delayMs", ToolDefinitions.MAX_DELAY_MILLIS) * slowFactor);
        sleep(delayMillis);
        return success("query finished after " + delayMillis + " ms");
    }

    CallToolResult flaky(ToolArguments arguments) {
        double failureRate = arguments.requiredDouble("failureRate");
        if (failureRate < 0 || failureRate > 1) {
            throw new IllegalArgumentException("argument 'failureRate' must be between 0 and 1, was " + failureRate);
        }
        double draw = flakyOutcomes.draw(arguments.optionalLong("seed"));
        if (draw < failureRate) {
            return failure("flaky failed on purpose (draw " + draw + " < failureRate " + failureRate + ")");
        }
        return success("flaky succeeded (draw " + draw + " >= failureRate " + failureRate + ")");
    }

    CallToolResult explode(ToolArguments arguments) {
        throw new IllegalStateException("boom: " + arguments.optionalString("message").orElse("explode was called"));
    }

    CallToolResult fetchBlocking(ToolArguments arguments) {
        long delayMillis = arguments.requiredMillis("delayMs", ToolDefinitions.MAX_DELAY_MILLIS);
        sleep(delayMillis);
        return fetched(arguments, delayMillis);
    }

    Mono<CallToolResult> fetchWithoutBlocking(CallToolRequest request) {
        return Mono.defer(() -> {
            ToolArguments arguments = ToolArguments.of(request.arguments());
            long delayMillis;
            try {
                delayMillis = arguments.requiredMillis("delayMs", ToolDefinitions.MAX_DELAY_MILLIS);
            } catch (IllegalArgumentException e) {
                return Mono.just(failure(e.getMessage()));
            }
            return Mono.delay(Duration.ofMillis(delayMillis)).map(tick -> fetched(arguments, delayMillis));
        });
    }

    private static CallToolResult fetched(ToolArguments arguments, long delayMillis) {
        return success("fetched " + arguments.optionalString("resource").orElse("resource") + " after "
                + delayMillis + " ms");
    }

    /** Runs the body on the subscribing thread: for work that never blocks. */
    private static AsyncToolSpecification inline(Tool tool, ToolBody body) {
        return AsyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> Mono.fromSupplier(() -> run(body, request)))
                .build();
    }

    /** Moves blocking work off the transport's threads, as the SDK does for sync tools. */
    private static AsyncToolSpecification offloaded(Tool tool, ToolBody body) {
        return AsyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> Mono.fromSupplier(() -> run(body, request))
                        .subscribeOn(Schedulers.boundedElastic()))
                .build();
    }

    private static SyncToolSpecification blocking(Tool tool, ToolBody body) {
        return SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> run(body, request))
                .build();
    }

    private static CallToolResult run(ToolBody body, CallToolRequest request) {
        try {
            return body.call(ToolArguments.of(request.arguments()));
        } catch (IllegalArgumentException e) {
            return failure(e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted after less than " + millis + " ms");
        }
    }

    private static CallToolResult success(String text) {
        return CallToolResult.builder().addTextContent(text).isError(false).build();
    }

    private static CallToolResult failure(String text) {
        return CallToolResult.builder().addTextContent(text).isError(true).build();
    }
}
