package io.mcpmonitor.agent.tooling;

import reactor.core.publisher.Mono;

/**
 * Never loaded: its class file is woven once by {@link Weaver#warmUp()} on the agent's init thread, so that
 * the first weave of a real SDK class (on the host's thread, during its start-up) finds Byte Buddy's weaving
 * code loaded. Its one method has the shape of the SDK's tools/call handler body.
 */
final class WarmUpTarget {

    private WarmUpTarget() {
    }

    @SuppressWarnings("unused")
    private Mono<?> lambda$toolsCallRequestHandler$0(Object exchange, Object params) {
        return null;
    }
}
