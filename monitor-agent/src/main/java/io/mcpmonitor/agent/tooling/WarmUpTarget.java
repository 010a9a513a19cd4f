package io.mcpmonitor.agent.tooling;

import reactor.core.publisher.Mono;

/**
 * Never loaded: its class file is woven once by {@link Weaver#warmUp()} on the agent's init thread, so that
 * the first weave of a real SDK class (on the host's thread, during its start-up) finds Byte Buddy's weaving
 * code loaded. Its methods have the shapes of the SDK server's handlers the agent times (tools/call, resources/read,
 * prompts/get, initialize).
 */
final class WarmUpTarget {

    private WarmUpTarget() {
    }

    @SuppressWarnings("unused")
    private Mono<?> lambda$toolsCallRequestHandler$0(Object exchange, Object params) {
        return null;
    }

    @SuppressWarnings("unused")
    private Mono<?> lambda$resourcesReadRequestHandler$0(Object exchange, Object params) {
        return null;
    }

    @SuppressWarnings("unused")
    private Mono<?> lambda$promptsGetRequestHandler$0(Object exchange, Object params) {
        return null;
    }

    @SuppressWarnings("unused")
    private Mono<?> asyncInitializeRequestHandler(Object request) {
        return null;
    }
}
