package io.mcpmonitor.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./test}, run by the real bash on a PATH that lacks the browser and the
 * Prometheus tools, as on a fresh Debian machine with only Java and Maven. Installing for real would
 * change this machine, so apt-get, sudo and mvn are small recording scripts on that PATH: what is
 * checked is exactly which packages the script asks apt-get for, with which privilege, and that it
 * then runs {@code mvn -B verify}.
 */
class TestScriptTest {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    @TempDir
    Path bin;

    @Test
    void listsEveryPackageWhoseCommandIsMissing() throws Exception {
        link("id", "tr");
        Run r = run(ROOT.resolve("test").toString(), "--missing");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out.lines().toList()).containsExactly("chromium", "chromium-driver", "prometheus",
                "prometheus-alertmanager", "faketime");
    }

    @Test
    void listsNothingWhenEveryCommandIsThere() throws Exception {
        link("id", "tr");
        for (String command : List.of("chromium", "chromedriver", "prometheus", "prometheus-alertmanager", "faketime")) {
            recorder(command);
        }
        Run r = run(ROOT.resolve("test").toString(), "--missing");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).isEmpty();
    }

    @Test
    void installsOnlyWhatIsMissingThenRunsVerify() throws Exception {
        link("id", "tr", "env");
        recorder("chromedriver");
        recorder("prometheus");
        recorder("faketime");
        recorder("apt-get");
        recorder("sudo");
        recorder("mvn");
        Run r = run(ROOT.resolve("test").toString(), "-Dit.test=SomeIT");
        assertThat(r.exit).as(r.err).isZero();
        List<String> calls = Files.readAllLines(bin.resolve("calls.log"));
        // Not root: through sudo (the recorder logs "sudo ..." and then the apt-get it runs).
        assertThat(calls).contains(isRoot() ? "apt-get update -q" : "sudo apt-get update -q");
        assertThat(calls).anyMatch(c -> c.endsWith("install -y -q chromium prometheus-alertmanager"));
        assertThat(calls.get(calls.size() - 1)).isEqualTo("mvn -B verify -Dit.test=SomeIT");
        assertThat(r.err).contains("installing chromium prometheus-alertmanager");
    }

    @Test
    void ciRunsExactlyTheTestScript() throws IOException {
        String ci = Files.readString(ROOT.resolve(".ci/run"));
        assertThat(ci.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList()).contains("exec ./test");
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains("./test");
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Makes a real command of this machine available on the test's PATH. */
    void link(String... commands) throws IOException {
        for (String c : commands) {
            for (String dir : List.of("/usr/bin", "/bin")) {
                Path real = Path.of(dir, c);
                if (Files.isExecutable(real)) {
                    Files.createSymbolicLink(bin.resolve(c), real);
                    break;
                }
            }
        }
    }

    /** A command that appends its name and arguments to calls.log; sudo runs what it is given. */
    void recorder(String name) throws IOException {
        String body = "#!/bin/bash\necho \"" + name + " $*\" >> '" + bin.resolve("calls.log") + "'\n"
                + ("sudo".equals(name) ? "exec \"$@\"\n" : "");
        Path p = bin.resolve(name);
        Files.writeString(p, body);
        p.toFile().setExecutable(true);
    }

    record Run(int exit, String out, String err) {}

    Run run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/bin/bash"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().put("PATH", bin.toString());
        Path out = bin.resolve("out.txt");
        Path err = bin.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("./test finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
