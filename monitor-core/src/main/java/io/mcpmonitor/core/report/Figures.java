package io.mcpmonitor.core.report;

import java.util.Locale;

/** How a report writes numbers for people (the JSON form keeps them unformatted). Stateless. */
final class Figures {

    private Figures() {
    }

    /** What a value without data reads as (a period or a tool without calls). */
    static final String NO_DATA = "no data";

    /** A duration in milliseconds: 3 significant digits or whole milliseconds; "no data" for NaN. */
    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return NO_DATA;
        }
        if (millis >= 100) {
            return String.format(Locale.ROOT, "%,.0f ms", millis);
        }
        return String.format(Locale.ROOT, millis >= 10 ? "%.1f ms" : "%.2f ms", millis);
    }

    static String percent(double percent) {
        return Double.isNaN(percent) ? NO_DATA : String.format(Locale.ROOT, "%.2f %%", percent);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A relative change in percent, signed; {@code n/a} when it cannot be told (NaN; the trend's note says why). */
    static String change(double percent) {
        return Double.isNaN(percent) ? "n/a" : String.format(Locale.ROOT, "%+.1f %%", percent);
    }

    /** A change of a rate in percentage points, signed. */
    static String points(double points) {
        return Double.isNaN(points) ? "n/a" : String.format(Locale.ROOT, "%+.2f pts", points);
    }

    /** A plain number for charts and tables: up to 3 decimals, no grouping. */
    static String plain(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3f", v).replaceAll("0+$", "");
    }

    /** A server and tool as people write them. */
    static String series(String server, String tool) {
        return tool == null || tool.isEmpty() ? server : server + " / " + tool;
    }
}
