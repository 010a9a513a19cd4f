package io.modelcontextprotocol.util;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A lookalike of the SDK 2.x input validator: the same class and a static {@code validate}, but it answers the
 * list of problems found, empty when the arguments are valid and never null. The agent's validator advice
 * reads a non-null result as "the arguments were refused", so on this shape it would call every valid call
 * {@code invalid_arguments}; it must leave it alone. (SDK 1.x, under which the fixture runs, has no class of
 * this name.)
 */
public final class ToolInputValidator {

    private ToolInputValidator() {
    }

    public static List<String> validate(Map<String, Object> arguments, List<String> required) {
        List<String> problems = new ArrayList<>();
        for (String name : required) {
            if (arguments == null || !arguments.containsKey(name)) {
                problems.add("missing " + name);
            }
        }
        return problems;
    }
}
