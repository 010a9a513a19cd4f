package io.mcpmonitor.mcp.cli;

import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The store the demo writes into. Simulated data never mixes with real data: a directory that holds
 * anything is refused, unless it is a store an earlier demo made (it carries the marker file
 * {@value #MARKER}) and {@code --fresh} asks to empty it first. Nothing else is ever deleted.
 */
final class DemoStore {

    static final String MARKER = "demo-store.txt";

    private DemoStore() {
    }

    /** Null when the demo may write to {@code dir} (after emptying it for {@code fresh}), else why not. */
    static String prepare(Path dir, boolean fresh) throws IOException {
        if (!Files.exists(dir) || isEmptyDirectory(dir)) {
            mark(dir);
            return null;
        }
        if (!Files.isDirectory(dir)) {
            return dir + " is not a directory";
        }
        boolean demo = Files.isRegularFile(dir.resolve(MARKER));
        if (!demo) {
            StoreReader reader = new StoreReader(Store.at(dir));
            reader.refresh();
            int series = reader.read(ix -> ix.series().size());
            return dir + " is not empty" + (series > 0 ? " (it holds the calls of " + series + " server/tool pairs)" : "") + ": the demo writes an hour of simulated history and never mixes it with real data. "
                    + "Leave out --store (a new temporary directory) or give a new directory.";
        }
        if (!fresh) {
            return dir + " holds an earlier demo: add --fresh to empty it and start again, or give a new directory.";
        }
        empty(dir);
        mark(dir);
        return null;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void mark(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "This store was made by `mcp-monitor demo`: simulated and demo data only.\n");
    }

    private static void empty(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
