package io.mcpmonitor.core.wire;

/**
 * A value with a stable name on the wire: in the store, in tool arguments and answers, in exports. The
 * wire name never changes when the Java constant is renamed, so readers of old data and old clients keep
 * working. Implemented by enums; {@link WireNames} parses the names back.
 */
public interface WireNamed {

    /** The stable name used in JSON and on the command line; never null, constant for the value. */
    String wireName();
}
