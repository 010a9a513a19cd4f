/**
 * Stable wire names for enums ({@link io.mcpmonitor.core.wire.WireNamed}) and their parsing
 * ({@link io.mcpmonitor.core.wire.WireNames}). Depends on the JDK only, so every package may use it.
 */
package io.mcpmonitor.core.wire;
