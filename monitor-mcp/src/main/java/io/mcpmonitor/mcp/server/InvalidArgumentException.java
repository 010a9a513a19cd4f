package io.mcpmonitor.mcp.server;

/**
 * A tool argument that is missing, of the wrong type or out of range. The message always starts
 * with the field's path ({@code duration}, {@code metrics[3].toolName}) followed by what is wrong,
 * and becomes the text of an {@code isError: true} result.
 */
public final class InvalidArgumentException extends Exception {

    private final String field;

    public InvalidArgumentException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The path of the offending field. */
    public String field() {
        return field;
    }
}
