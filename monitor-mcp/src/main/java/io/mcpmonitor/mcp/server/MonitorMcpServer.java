package io.mcpmonitor.mcp.server;

import io.mcpmonitor.mcp.prompt.MonitorPrompts;
import io.mcpmonitor.mcp.resource.MonitorResources;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the sidecar's MCP server (name {@value #NAME}) from {@link ToolModule}s over a transport.
 *
 * <p>Every tool validates its own input (the SDK's schema validation is off so that messages name the
 * field in our words, consistently across tools), answers with {@code structuredContent} plus a
 * readable text, and answers bad input with {@code isError: true} and a message naming the field. An
 * unexpected failure is also an {@code isError} result, logged to stderr; nothing stored is touched.
 */
public final class MonitorMcpServer {

    public static final String NAME = "mcp-monitor";
    private static final Logger LOG = LoggerFactory.getLogger(MonitorMcpServer.class);

    private MonitorMcpServer() {
    }

    /** The server over stdio (or any single-session transport). */
    public static McpSyncServer build(McpServerTransportProvider transport, ToolContext context, List<ToolModule> modules) {
        return build(transport, context, modules, new ClientNotices());
    }

    /** The server over stdio (or any single-session transport), its clients told of alert changes by {@code notices}. */
    public static McpSyncServer build(McpServerTransportProvider transport, ToolContext context, List<ToolModule> modules,
                                      ClientNotices notices) {
        McpSyncServer server = configure(McpServer.sync(transport), context, modules).build();
        notices.attach(server, transport);
        return server;
    }

    /** The server over Streamable HTTP. */
    public static McpSyncServer build(McpStreamableServerTransportProvider transport, ToolContext context,
                                      List<ToolModule> modules) {
        return build(transport, context, modules, new ClientNotices());
    }

    /** The server over Streamable HTTP, its clients told of alert changes by {@code notices}. */
    public static McpSyncServer build(McpStreamableServerTransportProvider transport, ToolContext context,
                                      List<ToolModule> modules, ClientNotices notices) {
        McpSyncServer server = configure(McpServer.sync(transport), context, modules).build();
        notices.attach(server, transport);
        return server;
    }

    /** Tools, resources (subscribable) and prompts, all answering through the same tool handlers. */
    private static <S extends McpServer.SyncSpecification<S>> McpServer.SyncSpecification<S> configure(S spec, ToolContext context, List<ToolModule> modules) {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        ToolCatalog catalog = ToolCatalog.of(context, modules);
        MonitorResources resources = new MonitorResources(catalog);
        return spec.serverInfo(NAME, version()).jsonMapper(json)
                .capabilities(ServerCapabilities.builder().tools(false).resources(true, false).prompts(false).logging().build())
                .instructions(INSTRUCTIONS).validateToolInputs(false).jsonSchemaValidator(new DeferredSchemaValidator())
                .tools(specifications(json, catalog))
                .resources(resources.resources()).resourceTemplates(resources.templates())
                .prompts(new MonitorPrompts(catalog, context).prompts());
    }

    static final String INSTRUCTIONS = "Performance monitor for MCP servers. Use list_servers to see what is monitored, "
            + "get_metrics for latency percentiles, error rates and volume per server and tool (with the trend against "
            + "the previous period), and track_performance to report calls of servers that are not instrumented. "
            + "Resources monitor://dashboard, monitor://alerts/active (subscribe to hear of changes), monitor://servers/{name} "
            + "and monitor://report/{period}; prompts investigate_tool, weekly_review and incident_summary.";

    static String version() {
        String v = MonitorMcpServer.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    static List<SyncToolSpecification> specifications(McpJsonMapper json, ToolCatalog catalog) {
        List<SyncToolSpecification> specs = new ArrayList<>();
        for (ToolDefinition def : catalog.definitions()) {
            Tool tool = Tool.builder(def.name(), json, def.inputSchemaJson()).title(def.title())
                    .description(def.description()).build();
            specs.add(SyncToolSpecification.builder().tool(tool)
                    .callHandler((exchange, request) -> call(def, request.arguments())).build());
        }
        return specs;
    }

    static CallToolResult call(ToolDefinition def, Map<String, Object> arguments) {
        try {
            ToolAnswer answer = def.handler().handle(new Arguments(arguments));
            return CallToolResult.builder().structuredContent(answer.structured()).addTextContent(answer.text())
                    .isError(false).build();
        } catch (InvalidArgumentException e) {
            return error(e.field(), e.getMessage());
        } catch (ToolFailure e) {
            LOG.warn("tool {}: {}", def.name(), e.getMessage());
            return error("", e.getMessage());
        } catch (IllegalArgumentException e) {
            // Core validation (query ranges and the like) names the field at the start of its message.
            return error(fieldOf(e.getMessage()), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("tool {} failed", def.name(), e);
            return error("", def.name() + " failed: " + e);
        }
    }

    private static CallToolResult error(String field, String message) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("field", field);
        err.put("message", message);
        return CallToolResult.builder().structuredContent(Map.of("error", err)).addTextContent(message).isError(true).build();
    }

    private static String fieldOf(String message) {
        if (message == null) {
            return "";
        }
        int end = 0;
        while (end < message.length() && (Character.isLetterOrDigit(message.charAt(end)) || message.charAt(end) == '_')) {
            end++;
        }
        return message.substring(0, end);
    }
}
