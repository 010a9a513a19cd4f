package io.mcpmonitor.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.testkit.Jars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backtest through the packaged command line ({@code java -jar monitor-mcp.jar backtest}):
 * one output row per input row, in order, and the score of row i unchanged when the rows after it
 * are removed (no look-ahead); malformed input named by line; a whole NAB-layout folder in one run.
 */
class BacktestIT {

    @TempDir
    Path dir;

    record Run(int exit, String stderr) {
    }

    static Run backtest(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Jars.java(), "-jar", jar(), "backtest"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), err);
    }

    static String jar() {
        return Jars.monitorMcp().toString();
    }

    /** A NAB-format series every 5 minutes: a daily cycle, noise, two spikes and a level shift. */
    static List<String> series(int rows) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
        LocalDateTime t = LocalDateTime.of(2014, 4, 1, 0, 0);
        SplittableRandom r = new SplittableRandom(5);
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        for (int i = 0; i < rows; i++) {
            double v = 40 + 8 * Math.sin(2 * Math.PI * i / 288) + r.nextGaussian() + (i == 1500 || i == 2200 ? 30 : 0)
                    + (i >= 2600 ? 12 : 0);
            lines.add(f.format(t.plusMinutes(5L * i)) + "," + String.format(Locale.ROOT, "%.4f", v));
        }
        return lines;
    }

    @Test
    void writesOneRowPerInputRowAndNeverLooksAhead() throws Exception {
        List<String> input = series(3000);
        Path full = Files.write(dir.resolve("series.csv"), input);
        Run run = backtest("--input", full.toString(), "--output", dir.resolve("scores.csv").toString());
        assertThat(run.exit()).as(run.stderr()).isZero();
        List<String> out = Files.readAllLines(dir.resolve("scores.csv"));
        assertThat(out).hasSize(input.size());
        assertThat(out.get(0)).isEqualTo("timestamp,value,anomaly_score");
        for (int i = 1; i < out.size(); i++) {
            String[] o = out.get(i).split(",");
            assertThat(o[0] + "," + o[1]).isEqualTo(input.get(i));
            assertThat(Double.parseDouble(o[2])).isBetween(0.0, 1.0);
        }
        assertThat(out.subList(1, out.size())).anyMatch(l -> Double.parseDouble(l.split(",")[2]) >= 0.5);

        for (int keep : new int[] {1, 37, 1500, 2601}) {
            Path prefix = Files.write(dir.resolve("prefix-" + keep + ".csv"), input.subList(0, keep + 1));
            Path scores = dir.resolve("prefix-scores-" + keep + ".csv");
            assertThat(backtest("--input", prefix.toString(), "--output", scores.toString()).exit()).isZero();
            assertThat(Files.readAllLines(scores)).as("scores of the first %d rows", keep).isEqualTo(out.subList(0, keep + 1));
        }
    }

    @Test
    void readsIso8601AndEverySeedMethod() throws Exception {
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        for (int i = 0; i < 400; i++) {
            lines.add(String.format(Locale.ROOT, "2026-11-25T%02d:%02d:00Z,%d", i / 60 % 24, i % 60, 100 + (i == 300 ? 500 : i % 7)));
        }
        Path in = Files.write(dir.resolve("iso.csv"), lines);
        for (String method : List.of("auto", "z-score", "moving-avg", "percentile")) {
            Path out = dir.resolve(method + ".csv");
            Run run = backtest("--input", in.toString(), "--output", out.toString(), "--method", method, "--sensitivity", "high");
            assertThat(run.exit()).as(run.stderr()).isZero();
            List<String> rows = Files.readAllLines(out);
            assertThat(rows).hasSize(lines.size());
            assertThat(Double.parseDouble(rows.get(301).split(",")[2])).as(method + " sees the spike").isGreaterThanOrEqualTo(0.5);
        }
    }

    @Test
    void namesTheLineOfMalformedInput() throws Exception {
        List<String> lines = series(40);
        lines.set(17, "2014-04-01 01:20:00,twelve");
        Path in = Files.write(dir.resolve("bad.csv"), lines);
        Path out = dir.resolve("bad-scores.csv");
        Run run = backtest("--input", in.toString(), "--output", out.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stderr()).contains("bad.csv:18: value 'twelve' is not a number");
        assertThat(out).doesNotExist();

        lines = series(40);
        lines.set(5, "yesterday,3.0");
        Files.write(in, lines);
        run = backtest("--input", in.toString(), "--output", out.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stderr()).contains("bad.csv:6: timestamp 'yesterday' is neither");

        run = backtest("--input", in.toString(), "--output", out.toString(), "--method", "magic");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stderr()).contains("--method: 'magic' must be one of auto, z-score, moving-avg, percentile");
    }

    @Test
    void runsAWholeNabFolderInOneJvm() throws Exception {
        Path nab = dir.resolve("nab");
        Files.createDirectories(nab.resolve("data/catA"));
        Files.createDirectories(nab.resolve("data/catB"));
        Files.write(nab.resolve("data/catA/one.csv"), series(500));
        Files.write(nab.resolve("data/catB/two.csv"), series(800));
        Path results = dir.resolve("results");
        Run run = backtest("--nab", nab.toString(), "--output", results.toString());
        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("2 files, 1300 rows");
        assertThat(Files.readAllLines(results.resolve("catA/one.csv"))).hasSize(501);
        assertThat(Files.readAllLines(results.resolve("catB/two.csv"))).hasSize(801);
    }
}
