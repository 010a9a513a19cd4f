package io.mcpmonitor.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {

    @Test
    void noArgumentsMeansAsyncServerOverStdio() {
        assertThat(ServerOptions.parse(new String[0])).isEqualTo(new ServerOptions(false, Optional.empty()));
    }

    @Test
    void syncAndHttpCombineInAnyOrder() {
        assertThat(ServerOptions.parse(new String[] {"--http", "0", "--sync"}))
                .isEqualTo(new ServerOptions(true, Optional.of(0)));
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
