package io.mcpmonitor.core.report;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;
import java.util.function.Function;

/** The formats a report is rendered in, by the wire name of {@code generate_performance_report}'s {@code format}. */
public enum ReportFormat implements WireNamed {
    MARKDOWN("md", MarkdownReport::render),
    JSON("json", JsonReport::render),
    HTML("html", HtmlReport::render);

    private final String fileExtension;
    private final Function<Report, String> renderer;

    ReportFormat(String fileExtension, Function<Report, String> renderer) {
        this.fileExtension = fileExtension;
        this.renderer = renderer;
    }

    public String fileExtension() {
        return fileExtension;
    }

    /** The whole document in this format. */
    public String render(Report report) {
        return renderer.apply(report);
    }

    /** @throws IllegalArgumentException naming the field and the accepted values */
    public static ReportFormat fromWireName(String name) {
        return WireNames.parse(ReportFormat.class, name, WireNames.unknownValue("format"));
    }
}
