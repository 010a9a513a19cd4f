package io.mcpmonitor.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.agent.tooling.AgentInstaller;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The agent's bootstrap part (the package {@code io.mcpmonitor.agent} itself and
 * {@code io.mcpmonitor.agent.bootstrap}, the module monitor-agent-bootstrap, which the build puts at the root
 * of monitor-agent.jar, on the host's bootstrap class path) references nothing but the JDK and itself. The
 * module has no dependency, so its compiler already refuses anything else; this reads what it compiled. A reference to Byte Buddy, to
 * the core, to the tooling or to the SDK there would load that class into every class loader of the host,
 * or fail with {@code NoClassDefFoundError} inside the host's own calls. Reads the compiled classes with
 * the JDK's {@code jdeps}, so every reference in signatures and bodies counts.
 */
class BootstrapJdkOnlyTest {

    /** The classes the agent layout puts at the jar's root. */
    static final Pattern BOOTSTRAP = Pattern.compile("io\\.mcpmonitor\\.agent\\.(bootstrap\\.)?[^.]+");
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+(\\S+)");

    @Test
    void bootstrapClassesReferenceOnlyTheJdkAndEachOther() throws Exception {
        List<String> checked = new java.util.ArrayList<>();
        assertThat(violations(classesOf(AgentMain.class), BOOTSTRAP, checked)).isEmpty();
        assertThat(checked).as("bootstrap classes jdeps read")
                .contains("io.mcpmonitor.agent.AgentMain", "io.mcpmonitor.agent.bootstrap.Bridge");
    }

    @Test
    void theCheckNamesEachForeignReferenceOfClassesThatHaveThem() throws Exception {
        // The tooling is the part that may use Byte Buddy and the core: checked as if it were bootstrap, it fails.
        Pattern tooling = Pattern.compile("io\\.mcpmonitor\\.agent\\.tooling\\..+");
        assertThat(violations(classesOf(AgentInstaller.class), tooling, new java.util.ArrayList<>()))
                .anyMatch(v -> v.contains("-> net.bytebuddy."));
    }

    static Path classesOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * Each reference from a class matching {@code part} to a class that neither matches {@code part} nor
     * belongs to a module of the running JDK, as {@code "from -> to (where jdeps found it)"}; sorted.
     *
     * @param checked receives the classes of {@code part} that jdeps read
     */
    static TreeSet<String> violations(Path classes, Pattern part, List<String> checked) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(
                () -> new AssertionError("jdeps is not in this JDK (the jdk.jdeps module is needed)"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:class", "-filter:none",
                "-include", part.pattern(), classes.toString());
        assertThat(rc).as("jdeps exit code; stderr: " + err).isZero();
        TreeSet<String> found = new TreeSet<>();
        for (String line : out.toString().split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (!m.find() || !part.matcher(m.group(1)).matches()) {
                continue;
            }
            if (!checked.contains(m.group(1))) {
                checked.add(m.group(1));
            }
            String to = m.group(2);
            boolean jdk = ModuleLayer.boot().findModule(m.group(3)).isPresent();
            if (!jdk && !part.matcher(to).matches()) {
                found.add(m.group(1) + " -> " + to + " (" + m.group(3) + ")");
            }
        }
        return found;
    }
}
