package io.mcpmonitor.core.deploy;

import io.mcpmonitor.core.wire.WireNamed;

/** What the judge concludes, from best to worst; {@link #NOT_ENOUGH_DATA} when it cannot tell. */
public enum Verdict implements WireNamed {
    PASS, MARGINAL, FAIL, NOT_ENOUGH_DATA;

    /** The worse of two judged verdicts; {@code NOT_ENOUGH_DATA} counts only when both are. */
    Verdict worst(Verdict other) {
        if (this == NOT_ENOUGH_DATA) {
            return other;
        }
        if (other == NOT_ENOUGH_DATA) {
            return this;
        }
        return ordinal() >= other.ordinal() ? this : other;
    }
}
