package io.mcpmonitor.mcp.server;

import java.util.Map;

/**
 * What a tool answers when all went well: the structured content (a JSON object; also the
 * contract that clients parse) and a short readable text for people and models.
 */
public record ToolAnswer(Map<String, Object> structured, String text) {
}
