package io.mcpmonitor.core.store;

import java.util.List;

/**
 * What a read of the store met: files and lines read, and the lines skipped because they were
 * torn (a last line without its newline, as a crash leaves it) or malformed (not a record), with
 * the first few problems named by file and line number.
 */
public record ReadStats(int files, long lines, long tornLines, long malformedLines, List<String> problems) {

    public ReadStats {
        problems = List.copyOf(problems);
    }

    /** Lines skipped for any reason. */
    public long skippedLines() {
        return tornLines + malformedLines;
    }
}
