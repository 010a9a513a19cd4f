package reactor.core.publisher;

import io.mcpmonitor.agent.bootstrap.ToolCall;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Fuseable;
import reactor.util.context.Context;

/**
 * A helper of the mcp-monitor agent, not part of Reactor: the agent defines it in the class loader that holds
 * the host's Reactor (hence the package), and the advice on the MCP SDK's tools/call handler wraps the
 * handler's {@code Mono} in it. It is one operator that passes every signal through unchanged and tells the
 * call's {@link ToolCall} how it ended (value, error or cancellation), costing less than Reactor's three
 * {@code doOn*} operators it replaces.
 *
 * <p>Thread-safe as Reactor operators are: one subscriber per subscription, signals serialised by the
 * source. Context is propagated ({@link TimedSubscriber#currentContext()}). Never throws from the callback:
 * {@link ToolCall} catches its own failures.
 */
public final class McpMonitorTimedMono<T> extends MonoOperator<T, T> {

    private final ToolCall call;

    McpMonitorTimedMono(Mono<? extends T> source, ToolCall call) {
        super(source);
        this.call = call;
    }

    /**
     * Called by the inlined advice: {@code result = McpMonitorTimedMono.wrap(result, call)}. A scalar result
     * ({@code Mono.just}, {@code Mono.empty}, {@code Mono.error}, as the SDK returns for an unknown tool or
     * refused arguments) is already complete: it is recorded now and returned unwrapped, which keeps Reactor's
     * scalar optimisations downstream. Anything else is wrapped and recorded when it completes.
     */
    public static Mono<?> wrap(Object mono, ToolCall call) {
        if (mono instanceof Fuseable.ScalarCallable<?> scalar) {
            Object value;
            try {
                value = scalar.call(); // constant, side-effect free by contract; throws for Mono.error
            } catch (Throwable error) {
                call.accept(error);
                return (Mono<?>) mono;
            }
            call.accept(value);
            return (Mono<?>) mono;
        }
        return new McpMonitorTimedMono<>((Mono<?>) mono, call);
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        source.subscribe(new TimedSubscriber<>(actual, call));
    }

    static final class TimedSubscriber<T> implements CoreSubscriber<T>, Subscription {
        private final CoreSubscriber<? super T> actual;
        private final ToolCall call;
        private Subscription upstream;

        TimedSubscriber(CoreSubscriber<? super T> actual, ToolCall call) {
            this.actual = actual;
            this.call = call;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            this.upstream = s;
            actual.onSubscribe(this);
        }

        @Override
        public void onNext(T value) {
            call.accept(value);
            actual.onNext(value);
        }

        @Override
        public void onError(Throwable error) {
            call.accept(error);
            actual.onError(error);
        }

        @Override
        public void onComplete() {
            // After onNext this is ignored (the call is recorded once); alone, it is an empty success.
            call.accept(null);
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            call.run();
            upstream.cancel();
        }
    }
}
