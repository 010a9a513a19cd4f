package io.mcpmonitor.core.report;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;
import java.util.function.Function;

/** The formats a report is rendered in, by the wire name of {@code generate_performance_report}'s {@code format}. */
public enum ReportFormat implements WireNamed {
    MARKDOWN("markdown", "md", MarkdownReport::render),
    JSON("json", "json", JsonReport::render),
    HTML("html", "html", HtmlReport::render);

    private final String wireName;
    private final String fileExtension;
    private final Function<Report, String> renderer;

    ReportFormat(String wireName, String fileExtension, Function<Report, String> renderer) {
        this.wireName = wireName;
        this.fileExtension = fileExtension;
        this.renderer = renderer;
    }

    @Override
    public String wireName() {
        return wireName;
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
        return WireNames.parse(ReportFormat.class, name,
                (v, names) -> "format: unknown value '" + v + "'; expected markdown, json or html");
    }
}
