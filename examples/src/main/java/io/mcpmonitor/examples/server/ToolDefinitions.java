package io.mcpmonitor.examples.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.Tool;

/**
 * The example server's tools as clients see them in {@code tools/list}: names, descriptions and JSON input
 * schemas.
 *
 * <p>Immutable and thread-safe. The schemas are strict (types, ranges, required fields, no extra
 * properties), so the SDK's input validation (on by default in 2.x) answers a wrongly typed argument with a
 * {@code CallToolResult} whose {@code isError} is true, without calling the tool. All delays are in
 * milliseconds and capped at {@link #MAX_DELAY_MILLIS}.
 *
 * <pre>{@code
 * ToolDefinitions tools = ToolDefinitions.create(McpJsonDefaults.getMapper());
 * Tool echo = tools.echo();
 * }</pre>
 */
record ToolDefinitions(Tool echo, Tool slowQuery, Tool flaky, Tool explode, Tool asyncFetch) {

    static final String ECHO = "echo";
    static final String SLOW_QUERY = "slow_query";
    static final String FLAKY = "flaky";
    static final String EXPLODE = "explode";
    static final String ASYNC_FETCH = "async_fetch";

    /** Upper bound of every {@code delayMs} argument: one minute. */
    static final long MAX_DELAY_MILLIS = 60_000;

    static ToolDefinitions create(McpJsonMapper jsonMapper) {
        return new ToolDefinitions(
                tool(jsonMapper, ECHO, "Echo", "Returns its text argument unchanged, at once.", """
                        {"type": "object",
                         "properties": {"text": {"type": "string", "description": "Text to return."}},
                         "required": ["text"],
                         "additionalProperties": false}
                        """),
                tool(jsonMapper, SLOW_QUERY, "Slow query",
                        "Blocks a worker thread for delayMs milliseconds, like a slow database query.", """
                        {"type": "object",
                         "properties": {"delayMs": {"type": "integer", "minimum": 0, "maximum": %d,
                                                    "description": "How long the query takes, in milliseconds."}},
                         "required": ["delayMs"],
                         "additionalProperties": false}
                        """.formatted(MAX_DELAY_MILLIS)),
                tool(jsonMapper, FLAKY, "Flaky",
                        "Fails (isError=true) with probability failureRate; a seed makes the outcomes repeatable.", """
                        {"type": "object",
                         "properties": {"failureRate": {"type": "number", "minimum": 0, "maximum": 1,
                                                        "description": "Probability of a failed result, 0..1."},
                                        "seed": {"type": "integer",
                                                 "description": "Seed of a repeatable outcome sequence."}},
                         "required": ["failureRate"],
                         "additionalProperties": false}
                        """),
                tool(jsonMapper, EXPLODE, "Explode",
                        "Throws an exception from the tool handler, which the SDK answers with a JSON-RPC error.", """
                        {"type": "object",
                         "properties": {"message": {"type": "string",
                                                    "description": "Text appended to the exception message."}},
                         "additionalProperties": false}
                        """),
                tool(jsonMapper, ASYNC_FETCH, "Async fetch",
                        "Completes after delayMs milliseconds without blocking a thread (on the async server).", """
                        {"type": "object",
                         "properties": {"delayMs": {"type": "integer", "minimum": 0, "maximum": %d,
                                                    "description": "How long the fetch takes, in milliseconds."},
                                        "resource": {"type": "string",
                                                     "description": "Name of the resource to fetch."}},
                         "required": ["delayMs"],
                         "additionalProperties": false}
                        """.formatted(MAX_DELAY_MILLIS)));
    }

    private static Tool tool(McpJsonMapper jsonMapper, String name, String title, String description,
            String inputSchemaJson) {
        return Tool.builder(name, jsonMapper, inputSchemaJson)
                .title(title)
                .description(description)
                .build();
    }
}
