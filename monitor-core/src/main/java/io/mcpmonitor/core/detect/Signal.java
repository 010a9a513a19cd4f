package io.mcpmonitor.core.detect;

/**
 * What one watch saw in one minute, in display units (ms, percent, calls/min).
 *
 * @param deviation  signed distance from the expectation in half-widths of the expected range
 * @param direction  +1 above the expectation, -1 below
 * @param opens      abnormal enough to start an incident: the detector fired and every gate passed
 * @param continues  abnormal enough to keep an open incident going (outside the expected range, gates passed)
 * @param outcome    for an error rate of one outcome class, its wire name; null for the total
 */
record Signal(Metric metric, long minuteMillis, double value, double expected, double low, double high,
              double deviation, double confidence, long calls, int direction, boolean opens, boolean continues,
              Severity severity, String outcome) {

    boolean abnormal() {
        return opens || continues;
    }
}
