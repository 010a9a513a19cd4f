package io.mcpmonitor.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Client labels as the advice reads them, from stand-ins for the SDK's exchange and its client info. */
public class ClientLabelsTest {

    /** A client info that counts reads of its name and refuses to be hashed or compared by value. */
    public static final class Info {
        private final String name;
        private final String version;
        final AtomicInteger nameReads = new AtomicInteger();

        Info(String name, String version) {
            this.name = name;
            this.version = version;
        }

        public String name() {
            nameReads.incrementAndGet();
            return name;
        }

        public String version() {
            return version;
        }

        @Override
        public boolean equals(Object o) {
            throw new UnsupportedOperationException("compared by value");
        }

        @Override
        public int hashCode() {
            throw new UnsupportedOperationException("hashed");
        }
    }

    /** A stateful session's exchange. */
    public static final class Exchange {
        private final Info info;

        Exchange(Info info) {
            this.info = info;
        }

        public Info getClientInfo() {
            return info;
        }
    }

    /** A stateless server's transport context: no client. */
    public static final class Context {
    }

    @Test
    void aSessionsLabelIsReadOnceAndItsClientInfoIsNeverHashedNorComparedByValue() {
        Info info = new Info("claude-code", "1.2.0");
        Exchange session = new Exchange(info);
        for (int i = 0; i < 3; i++) {
            assertThat(ClientLabels.of(session)).isEqualTo("claude-code/1.2.0");
        }
        assertThat(ClientLabels.ofInfo(info)).isEqualTo("claude-code/1.2.0");
        assertThat(info.nameReads).as("read once, then found by identity").hasValue(1);

        String first = ClientLabels.of(session);
        String another = ClientLabels.of(new Exchange(new Info("claude-code", "1.2.0")));
        assertThat(another).as("every session of one client shares its label").isSameAs(first);
    }

    @Test
    void longPartsAreCutAndAClientWithoutANameOrAnExchangeWithoutAClientHasNoLabel() {
        String longName = "n".repeat(ClientLabels.MAX_PART_CHARS + 50);
        assertThat(ClientLabels.ofInfo(new Info(longName, ""))).isEqualTo("n".repeat(ClientLabels.MAX_PART_CHARS));
        assertThat(ClientLabels.ofInfo(new Info("cursor", null))).isEqualTo("cursor");
        assertThat(ClientLabels.ofInfo(new Info(" ", "1"))).isNull();
        assertThat(ClientLabels.of(new Exchange(null))).isNull();
        assertThat(ClientLabels.of(new Context())).isNull();
        assertThat(ClientLabels.of(null)).isNull();
    }
}
