package io.mcpmonitor.core.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The summary of one minute file of one hour: per series, the merge of every call line of the file up
 * to a stated byte ({@code bytes}), with the series' first and last minute in it, and the file's process
 * lines up to there. It lets a fresh reader answer a question about whole hours from one line per series
 * and hour instead of 60 (or 360) minute lines, and read the minute lines only when a question needs minutes.
 *
 * <p>Kept beside its file as {@code <file name>.summary}: the header line says which file, how many of its
 * bytes and how many calls it covers, and how many lines follow; every line carries its CRC-32C, and the
 * file is written whole to a temporary file and renamed. The minute file stays the truth: a reader uses a
 * summary only if every line of it checks, it has the lines and calls its header says, and the file it
 * covers is still there with at least {@code bytes} bytes (a plain file is only ever appended to); what
 * the file holds after {@code bytes} (a late flush) is read as minute lines on top. Anything else (absent,
 * torn, damaged, stale) and the reader reads the minute file as if there were no summary. A call is thus
 * counted once: in the summary if its line lies before {@code bytes}, from the minute file if after.
 *
 * <p>Built by the writer of the file as it writes ({@link Builder}), so a store whose writers never ran a
 * sidecar has them. Not thread-safe; a builder belongs to one flushing thread.
 */
final class HourSummary {

    static final String SUFFIX = ".summary";

    private HourSummary() {
    }

    /** The summary file of {@code minuteFile}. */
    static Path fileOf(Path minuteFile) {
        return minuteFile.resolveSibling(minuteFile.getFileName() + SUFFIX);
    }

    /** The minute file a summary file covers (same directory, the name in its header). */
    static Path sourceOf(Path summaryFile, String source) {
        return summaryFile.resolveSibling(source);
    }

    /** What a valid summary holds. */
    record Read(RecordCodec.SummaryHeader header, List<RecordCodec.SummaryLine> series, List<ProcessRecord> processes) {
    }

    /**
     * The summary of {@code minuteFile} if one is there and whole: every line checks, the counts agree
     * with the header, and it covers at most {@code sizeOfSource} bytes; otherwise null (the caller reads
     * the minute file instead). {@code problems} hears why a summary that is there was not used.
     *
     * <p>The covered bytes themselves are not read here: the summary is checksummed line by line and is a
     * true account of what its writer appended, so a reader may answer from it at once. Whoever reads the
     * covered bytes later checks them against {@link RecordCodec.SummaryHeader#sourceCrc()} ({@link #covers})
     * and, if they differ (the minute file was damaged beneath its summary), reads the file as if it had none.
     */
    static Read read(Path minuteFile, long sizeOfSource, java.util.function.Consumer<String> problems) {
        Path file = fileOf(minuteFile);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException absent) {
            return null;
        } catch (IOException e) {
            problems.accept(file + ": cannot read (" + e.getMessage() + "), the minute file is read instead");
            return null;
        }
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        try {
            if (lines.length < 2 || !lines[lines.length - 1].isEmpty() || !LineCheck.isSealed(lines[0])) {
                throw new RecordCodec.MalformedRecordException("torn or unsealed");
            }
            RecordCodec.SummaryHeader h = RecordCodec.decodeSummaryHeader(lines[0]);
            if (!h.source().equals(minuteFile.getFileName().toString())) {
                throw new RecordCodec.MalformedRecordException("covers " + h.source() + ", not " + minuteFile.getFileName());
            }
            if (h.lines() != lines.length - 2) {
                throw new RecordCodec.MalformedRecordException("has " + (lines.length - 2) + " lines, header says " + h.lines());
            }
            if (h.bytes() > sizeOfSource) {
                // not the bytes the summary was made of (the file is shorter than it says): the minute file says
                problems.accept(file + ": stale (the file is shorter than the bytes it covers), the minute file is read instead");
                return null;
            }
            List<RecordCodec.SummaryLine> series = new ArrayList<>();
            List<ProcessRecord> processes = new ArrayList<>();
            long calls = 0;
            for (int i = 1; i < lines.length - 1; i++) {
                if (!LineCheck.isSealed(lines[i])) {
                    throw new RecordCodec.MalformedRecordException("line " + (i + 1) + " has no checksum");
                }
                if (lines[i].contains("\"type\":\"process\"")) {
                    RecordCodec.Line p = RecordCodec.decode(lines[i]);
                    if (p.process() == null) {
                        throw new RecordCodec.MalformedRecordException("line " + (i + 1) + " is not a process line");
                    }
                    processes.add(p.process());
                } else {
                    RecordCodec.SummaryLine l = RecordCodec.decodeSummaryLine(lines[i]);
                    calls += l.hour().totalCalls();
                    series.add(l);
                }
            }
            if (calls != h.calls()) {
                throw new RecordCodec.MalformedRecordException("holds " + calls + " calls, header says " + h.calls());
            }
            return new Read(h, series, processes);
        } catch (RecordCodec.MalformedRecordException e) {
            problems.accept(file + ": damaged summary (" + e.getMessage() + "), the minute file is read instead");
            return null;
        }
    }

    /** Whether the first {@code length} bytes of {@code content} are the bytes {@code header} covers (its CRC-32C). */
    static boolean covers(RecordCodec.SummaryHeader header, byte[] content, int length) {
        if (length != header.bytes()) {
            return false;
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(content, 0, length);
        return crc.getValue() == header.sourceCrc();
    }

    /**
     * What a writer has appended to one of its minute files, merged per series as it goes, so the summary
     * is written without reading the file back. Usable only while everything in the file came through it:
     * a file that had bytes before (another writer with the same id, lines appended by other means) is
     * never summarised by it.
     */
    static final class Builder {
        private final Path minuteFile;
        private final Map<SeriesKey, Bucket> series = new TreeMap<>();
        private final Map<SeriesKey, long[]> span = new java.util.HashMap<>();
        private final List<String> processLines = new ArrayList<>();
        private long bytes;
        private final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        private long calls;
        private boolean usable = true;
        private long summarisedBytes = -1;
        private long lastRecordMinute = Long.MIN_VALUE;
        long lastSummaryMinute = Long.MIN_VALUE;

        Builder(Path minuteFile) {
            this.minuteFile = minuteFile;
        }

        /** Takes the records of one write, which appended {@code appended} to the file, then {@code sizeBefore} bytes long. */
        void wrote(long sizeBefore, byte[] appended, List<CallRecord> calls, List<String> processLines) {
            if (sizeBefore != bytes) {
                usable = false; // the file holds bytes this builder did not see
            }
            if (!usable) {
                return;
            }
            crc.update(appended);
            for (CallRecord c : calls) {
                SeriesKey k = c.key();
                series.computeIfAbsent(k, x -> new Bucket(Resolution.HOUR.floor(c.startMillis()))).add(c);
                long m = Resolution.MINUTE.floor(c.startMillis());
                long[] fl = span.computeIfAbsent(k, x -> new long[] {m, m});
                fl[0] = Math.min(fl[0], m);
                fl[1] = Math.max(fl[1], m);
                this.calls += c.totalCalls();
                lastRecordMinute = Math.max(lastRecordMinute, m);
            }
            this.processLines.addAll(processLines);
            bytes = sizeBefore + appended.length;
        }

        boolean usable() {
            return usable;
        }

        /** Whether something was written since the last summary. */
        boolean changed() {
            return usable && bytes != summarisedBytes;
        }

        long lastRecordMinute() {
            return lastRecordMinute;
        }

        /** Writes the summary of what the file holds now (atomically, replacing the one before). */
        void writeSummary(long nowMillis) throws IOException {
            if (!changed()) {
                return;
            }
            List<String> lines = new ArrayList<>(series.size() + processLines.size() + 1);
            int body = series.size() + processLines.size();
            lines.add(LineCheck.seal(RecordCodec.encode(new RecordCodec.SummaryHeader(minuteFile.getFileName().toString(),
                    bytes, crc.getValue(), calls, body, nowMillis))));
            for (var e : series.entrySet()) {
                long[] fl = span.get(e.getKey());
                lines.add(LineCheck.seal(RecordCodec.encode(new RecordCodec.SummaryLine(
                        e.getValue().toUncappedRecord(Resolution.HOUR, e.getKey()), fl[0], fl[1]))));
            }
            lines.addAll(processLines);
            StringBuilder sb = new StringBuilder(lines.size() * 600);
            for (String l : lines) {
                sb.append(l).append('\n');
            }
            AtomicFiles.write(fileOf(minuteFile), sb.toString().getBytes(StandardCharsets.UTF_8));
            summarisedBytes = bytes;
        }
    }
}
