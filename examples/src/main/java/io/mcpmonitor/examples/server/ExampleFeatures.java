package io.mcpmonitor.examples.server;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The example server's one resource and one prompt, so that hosts under the agent have {@code resources/read}
 * and {@code prompts/get} to time: the resource template {@value #NOTE_TEMPLATE} (any id, a short text note)
 * and the prompt {@value #PROMPT} with the argument {@code topic}. Stateless and thread-safe.
 */
final class ExampleFeatures {

    static final String NOTE_TEMPLATE = "example://notes/{id}";
    static final String PROMPT = "summarize";

    private static final McpSchema.ResourceTemplate TEMPLATE = McpSchema.ResourceTemplate.builder()
            .uriTemplate(NOTE_TEMPLATE).name("note").description("A short note; any id").mimeType("text/plain").build();
    private static final McpSchema.Prompt SUMMARIZE = new McpSchema.Prompt(PROMPT, "Asks for a summary of a topic",
            List.of(new McpSchema.PromptArgument("topic", "What to summarise", true)));

    private ExampleFeatures() {
    }

    static ReadResourceResult readNote(ReadResourceRequest request) {
        String uri = request.uri();
        String id = uri.substring(uri.lastIndexOf('/') + 1);
        return new ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, "text/plain", "note " + id)));
    }

    static GetPromptResult summarize(GetPromptRequest request) {
        Object topic = request.arguments() == null ? null : request.arguments().get("topic");
        return new GetPromptResult("summary of " + topic, List.of(new McpSchema.PromptMessage(McpSchema.Role.USER,
                new McpSchema.TextContent("Summarise " + topic + " in three sentences."))));
    }

    static McpServerFeatures.AsyncResourceTemplateSpecification asyncNote() {
        return new McpServerFeatures.AsyncResourceTemplateSpecification(TEMPLATE,
                (exchange, request) -> Mono.fromCallable(() -> readNote(request)));
    }

    static McpServerFeatures.SyncResourceTemplateSpecification syncNote() {
        return new McpServerFeatures.SyncResourceTemplateSpecification(TEMPLATE, (exchange, request) -> readNote(request));
    }

    static McpServerFeatures.AsyncPromptSpecification asyncSummarize() {
        return new McpServerFeatures.AsyncPromptSpecification(SUMMARIZE,
                (exchange, request) -> Mono.fromCallable(() -> summarize(request)));
    }

    static McpServerFeatures.SyncPromptSpecification syncSummarize() {
        return new McpServerFeatures.SyncPromptSpecification(SUMMARIZE, (exchange, request) -> summarize(request));
    }
}
