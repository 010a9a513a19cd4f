package io.mcpmonitor.benchmarks.startup;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The floor of a JVM stdio server's start-up: a bare JVM that reads one line and answers one line, as
 * {@code initialize} would be answered, with nothing loaded. What the sidecar spends beyond it is its own.
 */
public final class StdioFloor {

    private StdioFloor() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        System.out.println("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"echo\":" + (line == null ? 0 : line.length()) + "}}");
        System.out.flush();
        in.readLine();
    }
}
