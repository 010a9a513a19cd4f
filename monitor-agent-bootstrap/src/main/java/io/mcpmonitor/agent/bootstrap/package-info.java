/**
 * The bridge between the instrumented host and the agent, on the bootstrap class path so that code woven into
 * classes of any class loader finds it. {@code Bridge} holds the static entry points the advice calls,
 * {@code ToolCall} the state of one call, {@code CallSink} the JDK-only view of the agent's recorder.
 *
 * <p>Cross-class rules: JDK types only (these classes are shared by every class loader of the host); nothing
 * here throws into the host (failures go to {@code CallSink#internalError}); nothing reads configuration on
 * the hot path, only a cached {@code volatile boolean}; per-call state never lives in thread-locals across
 * the asynchronous boundary. Units: nanoseconds from {@link java.lang.System#nanoTime()}. Null policy: nullable
 * values are the advice's own inputs ({@code params}, a thrown exception), as documented per method.
 */
package io.mcpmonitor.agent.bootstrap;
