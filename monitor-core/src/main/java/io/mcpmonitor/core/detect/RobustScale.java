package io.mcpmonitor.core.detect;

/**
 * Robust running scale (a standard-deviation equivalent) of a residual stream.
 *
 * <p>Primary estimate: IQR / 1.349 over the last {@code capacity} residuals, insensitive to up to
 * a quarter of the window being outliers. For sparse or discrete series (error rates that are
 * mostly zero) the IQR collapses to 0, so a second estimate, the exponentially weighted mean
 * absolute residual x 1.25, acts as a fallback at half weight; {@code floor} bounds both from
 * below so a perfectly flat series does not divide by zero.
 *
 * <p>Residuals are in the series' unit. Not thread-safe (single-threaded per series). Memory: one
 * {@link SortedWindow}; no allocation per point.
 */
final class RobustScale {
    private final SortedWindow window;
    private final double ewRate;
    private double ewAbs;
    private long added;

    /** @param capacity residuals kept; the fallback average has a similar memory */
    RobustScale(int capacity) {
        window = new SortedWindow(capacity);
        ewRate = 2.0 / (capacity + 1);
    }

    void add(double residual) {
        window.add(residual);
        double a = Math.abs(residual);
        added++;
        ewAbs = added == 1 ? a : ewAbs + ewRate * (a - ewAbs);
    }

    void writeState(StateOut out) {
        window.writeState(out);
        out.f64(ewAbs).i64(added);
    }

    void readState(StateIn in) {
        window.readState(in);
        ewAbs = in.f64();
        added = in.i64();
    }

    int size() {
        return window.size();
    }

    /** Robust scale, at least {@code floor}. */
    double sigma(double floor) {
        return Math.max(Math.max(window.iqrSigma(), 0.5 * 1.25 * ewAbs), floor);
    }

}
