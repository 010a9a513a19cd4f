package io.mcpmonitor.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** README.md stays true to the repository: its Layout names every doc, its tables are whole, no stale promise. */
class ReadmeTest {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    static String readme() throws Exception {
        return Files.readString(ROOT.resolve("README.md"));
    }

    @Test
    void layoutNamesEveryDoc() throws Exception {
        String readme = readme();
        String layout = readme.substring(readme.indexOf("## Layout"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            List<String> names = docs.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md")).toList();
            assertThat(names).isNotEmpty().allSatisfy(n -> assertThat(layout).as("README's Layout names docs/" + n).contains(n));
        }
    }

    @Test
    void tablesAreNotSplitByBlankLines() throws Exception {
        List<String> lines = readme().lines().toList();
        for (int i = 1; i + 1 < lines.size(); i++) {
            boolean between = lines.get(i).isBlank() && lines.get(i - 1).startsWith("|") && lines.get(i + 1).startsWith("|");
            assertThat(between).as("blank line %d splits a table", i + 1).isFalse();
        }
    }

    @Test
    void promisesNothingThatIsAlreadyThereOrGone() throws Exception {
        assertThat(readme()).doesNotContain("as the project grows", "later, the sidecar", "../shared/", "mvn -B verify\n```",
                "-DskipTests install");
    }

    @Test
    void everyLinkedFileExists() throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\]\\(((?!http)[^)#]+)\\)").matcher(readme());
        while (m.find()) {
            assertThat(ROOT.resolve(m.group(1))).as("README links " + m.group(1)).exists();
        }
    }
}
