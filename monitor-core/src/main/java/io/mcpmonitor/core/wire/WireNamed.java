package io.mcpmonitor.core.wire;

/**
 * A value with a stable name on the wire: in the store, in tool arguments and answers, in exports. Readers
 * of old data and old clients depend on these names, so they never change. Implemented by enums only;
 * {@link WireNames} parses the names back.
 *
 * <p>An enum's wire names are its constants' names in lower case ({@code TOOL_ERROR} is {@code tool_error})
 * unless it overrides {@link #wireName()}. Renaming a constant of such an enum would change what it writes,
 * so every enum's names are pinned by a test of this package.
 */
public interface WireNamed {

    /**
     * The stable name used in JSON and on the command line; never null, constant for the value. By default
     * the constant's name in lower case, computed once per enum.
     */
    default String wireName() {
        return WireNames.lowerCaseName((Enum<?>) this);
    }
}
