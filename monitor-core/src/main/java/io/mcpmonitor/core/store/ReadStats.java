package io.mcpmonitor.core.store;

import java.util.List;

/**
 * What a read of the store met: files and lines read, and the lines skipped because they were
 * torn (a last line without its newline, as a crash leaves it, or a damaged gzip member) or
 * malformed (not a record: bad bytes, bad JSON, bad fields), the number of files with any such
 * damage, and the first few problems named by file and line number; {@code pastRetentionCalls} are the
 * calls that arrived for a day already past the retention of daily rollups and were deleted unread.
 */
public record ReadStats(int files, long lines, long tornLines, long malformedLines, int damagedFiles, List<String> problems,
                        long pastRetentionCalls) {

    public ReadStats {
        problems = List.copyOf(problems);
    }

    public ReadStats(int files, long lines, long tornLines, long malformedLines, int damagedFiles, List<String> problems) {
        this(files, lines, tornLines, malformedLines, damagedFiles, problems, 0);
    }

    /** Lines skipped for any reason. */
    public long skippedLines() {
        return tornLines + malformedLines;
    }

    /** Whether the store read as it should: nothing skipped, nothing dropped for arriving past retention. */
    public boolean healthy() {
        return skippedLines() == 0 && pastRetentionCalls == 0;
    }

    /**
     * One sentence for people on what was skipped, or empty when nothing was: answers built from this
     * read leave the damaged part out, and say so with this.
     */
    public String healthNote() {
        if (healthy()) {
            return "";
        }
        String dropped = pastRetentionCalls == 0 ? "" : String.format(java.util.Locale.ROOT,
                "store health: %d call(s) arrived for days past the retention of daily rollups and were dropped "
                        + "(retention-drops.jsonl)", pastRetentionCalls);
        if (skippedLines() == 0) {
            return dropped;
        }
        return (dropped.isEmpty() ? "" : dropped + "; ") + String.format(java.util.Locale.ROOT,
                "store health: %d damaged line(s) or part(s) skipped in %d of %d files (%d torn, %d malformed); "
                        + "answers leave them out%s", skippedLines(), damagedFiles, files, tornLines, malformedLines,
                problems.isEmpty() ? "" : "; first: " + problems.get(0));
    }
}
