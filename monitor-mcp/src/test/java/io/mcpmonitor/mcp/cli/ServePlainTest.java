package io.mcpmonitor.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve} made without picocli ({@link ServeCommand#plain}) is the command picocli would have made. */
class ServePlainTest {

    @Test
    void aPlainServeHasEveryValuePicocliGivesIt(@TempDir Path dir) throws Exception {
        List<Field> options = new ArrayList<>();
        for (Field f : ServeCommand.class.getDeclaredFields()) {
            if (f.isAnnotationPresent(CommandLine.Option.class)) {
                f.setAccessible(true);
                options.add(f);
            }
        }
        assertThat(options).hasSizeGreaterThanOrEqualTo(12);
        for (String[] args : List.of(new String[0], new String[] {"--store", dir.toString()}, new String[] {"--store=" + dir},
                new String[] {"--daemon", "--store", dir.toString()}, new String[] {"--store", dir.toString(), "--daemon"})) {
            ServeCommand plain = ServeCommand.plain(args);
            CommandLine picocli = McpMonitorCli.serveCommandLine();
            picocli.parseArgs(args);
            ServeCommand parsed = picocli.getCommand();
            assertThat(plain).as(String.join(" ", args)).isNotNull();
            for (Field f : options) {
                assertThat(f.get(plain)).as(f.getName() + " after " + String.join(" ", args)).isEqualTo(f.get(parsed));
            }
            assertThat(plain.store.store).isEqualTo(parsed.store.store);
            assertThat(plain.store.directory()).isEqualTo(parsed.store.directory());
        }
        assertThat(ServeCommand.plain(new String[] {"--store", dir.toString()}).store.store).isEqualTo(dir);
    }

    @Test
    void anyOtherCommandLineIsLeftToPicocli() {
        for (String[] args : List.of(new String[] {"--http", "127.0.0.1:0"}, new String[] {"--store"}, new String[] {"--store="},
                new String[] {"--store", "s", "--token", "t"}, new String[] {"--help"}, new String[] {"--store", "--http"},
                new String[] {"--dashboard=0"}, new String[] {"--daemon", "--daemon"}, new String[] {"--store", "a", "--store", "b"},
                new String[] {"--daemon", "--idle-exit", "5m"})) {
            assertThat(ServeCommand.plain(args)).as(String.join(" ", args)).isNull();
        }
    }
}
