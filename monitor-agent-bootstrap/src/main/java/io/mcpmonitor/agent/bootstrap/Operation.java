package io.mcpmonitor.agent.bootstrap;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

/**
 * One timed operation of an MCP method other than tools/call, from its handler's entry until its publisher
 * ends: attached as {@code doOnSuccess(op)}, {@code doOnError(op)} (both {@link #accept(Object)}) and
 * {@code doOnCancel(op)} ({@link #run()}). A value is a success, a {@link Throwable} an exception (the SDK's
 * "resource not found" and "invalid prompt name" errors included), a cancellation {@code cancelled}. An
 * {@code initialize} is named, once it succeeded, by the protocol version of its result (the version
 * negotiated), else by the version the client asked for.
 *
 * <p>Thread-safe: the first terminal signal records the operation, later ones are ignored. Never throws.
 */
public final class Operation implements Consumer<Object>, Runnable {

    private static final AtomicIntegerFieldUpdater<Operation> DONE =
            AtomicIntegerFieldUpdater.newUpdater(Operation.class, "done");

    private final CallSink sink;
    private final String method;
    private final String server;
    private final String name;
    private final String client;
    private final long startNanos;
    private volatile int done;

    Operation(CallSink sink, String method, String server, String name, String client, long startNanos) {
        this.sink = sink;
        this.method = method;
        this.server = server;
        this.name = name;
        this.client = client;
        this.startNanos = startNanos;
    }

    @Override
    public void accept(Object signal) {
        long durationNanos = System.nanoTime() - startNanos;
        if (done != 0 || !DONE.compareAndSet(this, 0, 1)) {
            return;
        }
        try {
            if (signal instanceof Throwable error) {
                sink.recordOperation(method, server, name, client, durationNanos, Bridge.EXCEPTION,
                        error.getClass().getName(), error.getMessage());
            } else {
                String named = name;
                if (Operations.INITIALIZE.equals(method) && signal != null) {
                    String negotiated = OperationNames.protocolVersion(OperationNames.component(signal, "protocolVersion"));
                    if (!negotiated.equals(OperationNames.UNKNOWN_VERSION)) {
                        named = negotiated;
                    }
                }
                sink.recordOperation(method, server, named, client, durationNanos, Bridge.SUCCESS, null, null);
            }
        } catch (Throwable t) {
            Bridge.internalError(method + " completion", t);
        }
    }

    @Override
    public void run() {
        long durationNanos = System.nanoTime() - startNanos;
        if (done != 0 || !DONE.compareAndSet(this, 0, 1)) {
            return;
        }
        try {
            sink.recordOperation(method, server, name, client, durationNanos, Bridge.CANCELLED, null, null);
        } catch (Throwable t) {
            Bridge.internalError(method + " cancel", t);
        }
    }
}
