package io.mcpmonitor.mcp.cli;

import io.mcpmonitor.core.store.StoreReader;
import io.mcpmonitor.mcp.server.InvalidArgumentException;
import io.mcpmonitor.mcp.server.ToolAnswer;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that answers with one of the sidecar's tools over the store: it names the store on
 * stderr, turns bad input into a usage error naming the field (exit 2), and prints the tool's
 * structured answer with {@code --json}, else what {@link #print} makes of it.
 */
abstract class ToolCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Option(names = "--json", description = "Print the tool's JSON answer instead of text.")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final String tool;

    /** A command answered by the sidecar tool named {@code tool}. */
    ToolCommand(String tool) {
        this.tool = tool;
    }

    /** The tool to run and its arguments. */
    final String tool() {
        return tool;
    }

    abstract Map<String, Object> arguments();

    /** The exit code of a command that answered: 0 unless the command's answer says otherwise. */
    int exitCode(ToolAnswer answer) {
        return 0;
    }

    /** Prints the answer for a person: the tool's own text unless the command lays it out itself. */
    void print(PrintWriter out, ToolAnswer answer, LocalTools tools) {
        out.println(answer.text().stripTrailing());
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Object> args;
        try {
            args = arguments();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        StoreReader reader = store.read(spec.commandLine().getErr());
        try (LocalTools tools = LocalTools.over(store.directory(), reader)) {
            ToolAnswer answer;
            try {
                answer = tools.call(tool(), args);
            } catch (InvalidArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(MetricsCommand.mapper().writeValueAsString(answer.structured()));
            } else {
                print(out, answer, tools);
            }
            out.flush();
            return exitCode(answer);
        }
    }
}
