package io.mcpmonitor.core.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Runs the series of {@link AutoDetectorPropertiesTest} with many free seeds, outside the build:
 * the property test itself runs with a fixed seed so that the build is repeatable, and this is how
 * a change of the detector is checked against seeds the test does not draw. Prints every failing
 * sample (as arguments that reproduce it) and, per change and sampling step, the trials, the
 * failures and the smallest margin (best incident score minus best normal score).
 *
 * <p>Usage (test class path): {@code AutoDetectorPropertySweep TRIALS FIRST_SEED [CHANGE|ALL]};
 * detector parameters can be overridden with {@code -Dmcpmonitor.auto.<field>=}. Single-threaded.
 */
final class AutoDetectorPropertySweep {
    private AutoDetectorPropertySweep() {
    }

    public static void main(String[] args) {
        int trials = Integer.parseInt(args[0]);
        long firstSeed = Long.parseLong(args[1]);
        String only = args.length > 2 && !args[2].equals("ALL") ? args[2] : null;
        long[] steps = {60_000L, 300_000L, 3_600_000L};
        AutoDetectorPropertiesTest.Change[] changes = AutoDetectorPropertiesTest.Change.values();
        Map<String, double[]> byKind = new TreeMap<>(); // trials, failures, smallest margin
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            Random r = new Random(firstSeed + i);
            long step = steps[r.nextInt(steps.length)];
            AutoDetectorPropertiesTest.Change change = changes[r.nextInt(changes.length)];
            double log10Level = -3 + 9 * r.nextDouble();
            long seed = r.nextInt(1_000_001);
            if (only != null && !change.name().equals(only)) {
                continue;
            }
            AutoDetectorPropertiesTest.Trial t = AutoDetectorPropertiesTest.trial(step, change, log10Level, seed);
            double margin = t.maxIncident() - t.maxNormal();
            double[] k = byKind.computeIfAbsent(change + " @" + step / 60_000 + " min", x -> new double[] {0, 0, 1});
            k[0]++;
            k[1] += margin <= 0 ? 1 : 0;
            k[2] = Math.min(k[2], margin);
            if (margin <= 0) {
                failures.add(String.format("FAIL %s step=%d log10Level=%.4f seed=%d: incident %.3f, normal %.3f at %d (onset %d)",
                        change, step, log10Level, seed, t.maxIncident(), t.maxNormal(), t.maxNormalAt(), t.onset()));
            }
        }
        failures.forEach(System.out::println);
        byKind.forEach((kind, k) -> System.out.printf("%-26s trials %5.0f failures %3.0f smallest margin %.3f%n", kind, k[0], k[1], k[2]));
    }
}
