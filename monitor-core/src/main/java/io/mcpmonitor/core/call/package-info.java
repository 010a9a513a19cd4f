/**
 * The vocabulary of one tool call that recording ({@code record}), storage ({@code store}) and everything
 * reading the store share: how the call ended ({@link io.mcpmonitor.core.call.Outcome}). Depends on
 * {@code wire} only, so that neither {@code record} nor {@code store} has to depend on the other for it.
 */
package io.mcpmonitor.core.call;
