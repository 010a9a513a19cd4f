package io.mcpmonitor.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {

    @Test
    void noArgumentsMeansAsyncServerOverStdio() {
        assertThat(ServerOptions.parse(new String[0])).isEqualTo(new ServerOptions(false, Optional.empty(), "1.0.0", 1));
    }

    @Test
    void syncAndHttpCombineInAnyOrder() {
        assertThat(ServerOptions.parse(new String[] {"--http", "0", "--sync"}))
                .isEqualTo(new ServerOptions(true, Optional.of(0), "1.0.0", 1));
    }

    @Test
    void versionAndSlowFactorFromTheCommandLineOrTheEnvironment() {
        Map<String, String> env = Map.of("EXAMPLE_SERVER_VERSION", "2.0.0", "EXAMPLE_SERVER_SLOW_FACTOR", "3");
        assertThat(ServerOptions.parse(new String[0], env)).isEqualTo(new ServerOptions(false, Optional.empty(), "2.0.0", 3));
        assertThat(ServerOptions.parse(new String[] {"--version", "2.1.0", "--slow-factor", "1.5"}, env))
                .isEqualTo(new ServerOptions(false, Optional.empty(), "2.1.0", 1.5));
        assertThatIllegalArgumentException().isThrownBy(() -> ServerOptions.parse(new String[] {"--slow-factor", "0"}, env))
                .withMessage("--slow-factor must be in (0, 100], was 0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> ServerOptions.parse(new String[] {"--version"}, env))
                .withMessage("--version needs a value");
    }

    @Test
    void rejectsUnknownArgumentByName() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServerOptions.parse(new String[] {"--verbose"}))
                .withMessageContaining("'--verbose'");
    }

    @Test
    void rejectsHttpWithoutPort() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServerOptions.parse(new String[] {"--http"}))
                .withMessageContaining("--http needs a port");
    }

    @Test
    void rejectsNonNumericAndOutOfRangePorts() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServerOptions.parse(new String[] {"--http", "x"}))
                .withMessageContaining("'x'");
        assertThatIllegalArgumentException().isThrownBy(() -> ServerOptions.parse(new String[] {"--http", "70000"}))
                .withMessageContaining("70000");
    }
}
