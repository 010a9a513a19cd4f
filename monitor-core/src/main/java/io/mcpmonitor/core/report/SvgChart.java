package io.mcpmonitor.core.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link Chart} as one inline SVG element: a value axis from 0 with 4 grid lines, a time
 * axis over the chart's range (UTC), and one {@code <path class="series cN">} per line, broken where
 * a bucket has no point; a point alone between gaps is a dot. No script, no external reference;
 * the title is escaped. Colours come from the palette {@link #COLOURS}, line {@code i} in colour
 * {@code i mod 6}, the same the HTML legend uses. Stateless.
 */
final class SvgChart {

    static final List<String> COLOURS = List.of("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b");
    static final int WIDTH = 720;
    static final int HEIGHT = 220;
    private static final int LEFT = 64;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;

    private SvgChart() {
    }

    public static String render(Chart c) {
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"chart-").append(HtmlText.escape(c.id()))
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"")
                .append(HtmlText.escape(c.title())).append("\"><title>").append(HtmlText.escape(c.title())).append("</title>");
        long t0 = Math.floorDiv(c.start().toEpochMilli(), c.bucketMillis()) * c.bucketMillis();
        long t1 = Math.max(c.end().toEpochMilli(), t0 + 1);
        double top = niceTop(c.lines().stream().flatMap(l -> l.points().stream()).mapToDouble(Chart.Point::value).max().orElse(0));
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        for (int i = 0; i <= 4; i++) {
            double v = top * i / 4;
            double y = TOP + plotH - plotH * i / 4;
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#ddd\"/>")
                    .append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\" font-size=\"11\">").append(HtmlText.escape(Figures.plain(v) + " " + c.unit()))
                    .append("</text>");
        }
        DateTimeFormatter f = DateTimeFormatter.ofPattern(t1 - t0 <= Duration.ofDays(2).toMillis() ? "MM-dd HH:mm" : "yyyy-MM-dd",
                Locale.ROOT).withZone(ZoneOffset.UTC);
        String[] anchors = {"start", "middle", "end"};
        for (int i = 0; i <= 2; i++) {
            long t = t0 + (t1 - t0) * i / 2;
            svg.append("<text x=\"").append(fmt(LEFT + plotW * i / 2)).append("\" y=\"").append(HEIGHT - 8)
                    .append("\" text-anchor=\"").append(anchors[i]).append("\" font-size=\"11\">")
                    .append(f.format(Instant.ofEpochMilli(t))).append(i == 2 ? " UTC" : "").append("</text>");
        }
        boolean any = false;
        for (int i = 0; i < c.lines().size(); i++) {
            List<Chart.Point> pts = c.lines().get(i).points();
            if (pts.isEmpty()) {
                continue;
            }
            any = true;
            String colour = COLOURS.get(i % COLOURS.size());
            StringBuilder d = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (int k = 0; k < pts.size(); k++) {
                Chart.Point p = pts.get(k);
                double x = LEFT + plotW * (p.time().toEpochMilli() - t0) / (t1 - t0);
                double y = TOP + plotH - plotH * Math.max(0, p.value()) / top;
                boolean joined = k > 0 && p.time().toEpochMilli() - pts.get(k - 1).time().toEpochMilli() <= c.bucketMillis();
                boolean joinsNext = k + 1 < pts.size() && pts.get(k + 1).time().toEpochMilli() - p.time().toEpochMilli() <= c.bucketMillis();
                d.append(joined ? " L" : (d.length() == 0 ? "M" : " M")).append(fmt(x)).append(' ').append(fmt(y));
                if (!joined && !joinsNext) {
                    dots.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y)).append("\" r=\"2.5\" fill=\"")
                            .append(colour).append("\"/>");
                }
            }
            svg.append("<path class=\"series c").append(i % COLOURS.size()).append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"1.8\" d=\"").append(d).append("\"/>").append(dots);
        }
        for (Chart.Marker m : c.markers()) {
            long t = m.time().toEpochMilli();
            if (t < t0 || t > t1) {
                continue;
            }
            // A deployment: a dashed vertical line, its label on hover and beside the line.
            double x = LEFT + plotW * (t - t0) / (t1 - t0);
            svg.append("<g class=\"deployment-marker\"><title>").append(HtmlText.escape("deployed " + m.label() + " at " + m.time()))
                    .append("</title><line x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"").append(TOP)
                    .append("\" y2=\"").append(fmt(TOP + plotH)).append("\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>")
                    .append("<text x=\"").append(fmt(x + 3)).append("\" y=\"").append(TOP + 10)
                    .append("\" font-size=\"10\" fill=\"#555\">").append(HtmlText.escape(m.label())).append("</text></g>");
        }
        if (!any) {
            svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                    .append("\" text-anchor=\"middle\" font-size=\"13\" fill=\"#777\">no calls in this range</text>");
        }
        return svg.append("</svg>").toString();
    }

    /** The top of the value axis: at least {@code max}, a multiple of a 1, 2, 2.5 or 5 step; 1 when there is nothing. */
    static double niceTop(double max) {
        if (!(max > 0)) {
            return 1;
        }
        double raw = max / 4;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude * 10;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        return step * Math.ceil(max / step - 1e-9);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
