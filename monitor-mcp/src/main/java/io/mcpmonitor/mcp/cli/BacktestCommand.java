package io.mcpmonitor.mcp.cli;

import io.mcpmonitor.core.detect.AnomalyDetector;
import io.mcpmonitor.core.detect.DetectionMethod;
import io.mcpmonitor.core.detect.Sensitivity;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code backtest}: runs a detector over a recorded series, as the sidecar would have seen it live:
 * row by row, each score from the rows before it and the row itself only (no look-ahead), so the
 * score of row i is the same whether or not later rows exist. Writes {@code timestamp,value,anomaly_score}
 * (0..1; 0.5 is the alert point) with one row per input row, in order; the output is written as
 * the input is read, in constant memory. {@code --nab DIR} runs every series of a NAB-layout
 * folder ({@code DIR/data/<category>/<name>.csv}) in one JVM, each with a fresh detector, into
 * {@code --output}{@code /<category>/<name>.csv}, ready for NAB's scorer.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Score a timestamp,value CSV with a detector, streaming with no look-ahead (NAB-compatible).")
final class BacktestCommand implements Callable<Integer> {

    /** Rows between two progress lines on stderr. */
    static final long PROGRESS_ROWS = 100_000;

    @Option(names = "--input", paramLabel = "FILE", description = "The series: timestamp,value rows (NAB or ISO-8601 times).")
    Path input;

    @Option(names = "--nab", paramLabel = "DIR", description = "Instead of --input: every DIR/data/<category>/<name>.csv.")
    Path nab;

    @Option(names = "--output", paramLabel = "FILE|DIR", required = true,
            description = "Where to write timestamp,value,anomaly_score (a directory with --nab).")
    Path output;

    @Option(names = "--method", defaultValue = "auto",
            description = "auto, z-score, moving-avg or percentile (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--sensitivity", defaultValue = "medium", description = "low, medium or high (default: ${DEFAULT-VALUE}).")
    String sensitivity;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private long rows;
    private long flagged;
    private long nanos;

    @Override
    public Integer call() throws Exception {
        if ((input == null) == (nab == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give exactly one of --input FILE and --nab DIR");
        }
        DetectionMethod m;
        Sensitivity s;
        try {
            m = DetectionMethod.parse(method);
            s = Sensitivity.parse(sensitivity);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        int files;
        try {
            files = input != null ? one(input, output, m, s, true) : folder(m, s);
        } catch (SeriesCsv.MalformedRowException e) {
            err.println("mcp-monitor backtest: " + e.getMessage());
            return 1;
        } catch (NoSuchFileException e) {
            err.println("mcp-monitor backtest: no such file: " + e.getFile());
            return 1;
        }
        err.printf(Locale.ROOT, "backtest %s/%s: %s, %s, %d at or above 0.5, %.2f us per row%n", m.wireName(),
                s.wireName(), Table.count(files, "file"), Table.count(rows, "row"), flagged, nanos / 1000.0 / Math.max(1, rows));
        err.flush();
        return 0;
    }

    private int folder(DetectionMethod m, Sensitivity s) throws IOException, SeriesCsv.MalformedRowException {
        Path data = nab.resolve("data");
        if (!Files.isDirectory(data)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--nab: " + data + " is not a directory (NAB layout: "
                    + "DIR/data/<category>/<name>.csv)");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(data)) {
            files = walk.filter(p -> p.toString().endsWith(".csv") && Files.isRegularFile(p)).sorted().toList();
        }
        for (Path f : files) {
            one(f, output.resolve(data.relativize(f).toString()), m, s, false);
        }
        return files.size();
    }

    /** Scores one file into {@code target}; on malformed input the partial output is deleted. */
    private int one(Path source, Path target, DetectionMethod m, Sensitivity s, boolean progress)
            throws IOException, SeriesCsv.MalformedRowException {
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        PrintWriter err = spec.commandLine().getErr();
        AnomalyDetector detector = m.create(s);
        long before = rows;
        boolean done = false;
        try (BufferedReader in = Files.newBufferedReader(source, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            SeriesCsv csv = new SeriesCsv(in, source.toString());
            out.write("timestamp,value,anomaly_score\n");
            StringBuilder row = new StringBuilder(64);
            while (csv.next()) {
                long t0 = System.nanoTime();
                double score = detector.score(csv.epochMillis(), csv.value());
                nanos += System.nanoTime() - t0;
                flagged += score >= detector.alertThreshold() ? 1 : 0;
                row.setLength(0);
                row.append(csv.timestampText()).append(',').append(csv.valueText()).append(',')
                        .append(Math.round(score * 1e6) / 1e6).append('\n');
                out.append(row);
                if (++rows % PROGRESS_ROWS == 0 && progress) {
                    err.printf(Locale.ROOT, "backtest: %d rows%n", rows - before);
                    err.flush();
                }
            }
            done = true;
            if (csv.backwardSteps() > 0) {
                err.printf(Locale.ROOT, "backtest: %s:%d: the time goes backwards (%d rows in all); rows are scored in "
                        + "file order%n", source, csv.firstBackwardLine(), csv.backwardSteps());
            }
        } finally {
            if (!done) {
                Files.deleteIfExists(target);
            }
        }
        if (!progress) {
            err.printf(Locale.ROOT, "backtest: %s, %d rows%n", source.getFileName(), rows - before);
            err.flush();
        }
        return 1;
    }
}
