package io.mcpmonitor.mcp.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for people: every column as wide as its widest cell (names are never cut),
 * text left-aligned, numbers right-aligned, two spaces between columns. Not thread-safe; small.
 */
final class Table {

    private final List<String> headers;
    private final boolean[] right;
    private final List<List<String>> rows = new ArrayList<>();

    /** A header ending in {@code >} is a right-aligned (number) column; the marker is not printed. */
    Table(String... headers) {
        this.headers = new ArrayList<>();
        this.right = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            right[i] = headers[i].endsWith(">");
            this.headers.add(right[i] ? headers[i].substring(0, headers[i].length() - 1) : headers[i]);
        }
    }

    Table row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c == null ? "-" : c.toString());
        }
        rows.add(r);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        line(out, headers, width);
        for (List<String> r : rows) {
            line(out, r, width);
        }
    }

    private void line(PrintWriter out, List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            b.append(right[i] ? pad + c : (i == width.length - 1 ? c : c + pad));
            if (i < width.length - 1) {
                b.append("  ");
            }
        }
        out.println(b.toString().stripTrailing());
    }

    /** {@code 1 call}, {@code 2 calls}. */
    static String count(long n, String singular) {
        return n + " " + (n == 1 ? singular : singular + "s");
    }

    /** An ISO-8601 instant string cut to whole seconds, UTC ({@code 2026-11-25T10:00:07Z}). */
    static String second(String iso) {
        if (iso == null) {
            return null;
        }
        int dot = iso.indexOf('.');
        return dot < 0 ? iso : iso.substring(0, dot) + "Z";
    }
}
