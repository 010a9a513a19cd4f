package io.mcpmonitor.core.wire;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Parses the wire names of {@link WireNamed} enums back into their constants, with the error message each
 * enum chooses for a name it does not have.
 *
 * <p>Thread-safe. The name table of an enum is built once per class, on first use, and shared; a lookup
 * is one hash probe and allocates nothing when the name is known (pass a non-capturing lambda as the
 * message, which the JVM keeps as a constant).
 */
public final class WireNames {

    private static final ClassValue<Table> TABLES = new ClassValue<>() {
        @Override
        protected Table computeValue(Class<?> type) {
            return new Table(type.getEnumConstants());
        }
    };

    private WireNames() {
    }

    /**
     * The constant of {@code type} whose wire name is exactly {@code name}.
     *
     * @param message builds the error from the rejected name (as given, possibly null) and the accepted
     *                names in declaration order
     * @throws IllegalArgumentException with {@code message}'s text when no constant has that name
     */
    public static <E extends Enum<E> & WireNamed> E parse(Class<E> type, String name,
                                                          BiFunction<String, List<String>, String> message) {
        Table table = TABLES.get(type);
        Object found = name == null ? null : table.byName.get(name);
        if (found == null) {
            throw new IllegalArgumentException(message.apply(name, table.names));
        }
        return type.cast(found);
    }

    /**
     * Like {@link #parse}, but ignores surrounding white space and letter case, for names people type
     * (sensitivities, methods, ranges).
     *
     * @throws NullPointerException if {@code name} is null
     */
    public static <E extends Enum<E> & WireNamed> E parseLenient(Class<E> type, String name,
                                                                 BiFunction<String, List<String>, String> message) {
        String trimmed = name.trim();
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equalsIgnoreCase(trimmed)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(message.apply(name, TABLES.get(type).names));
    }

    /** The wire names of {@code type}'s constants in declaration order; unmodifiable. */
    public static <E extends Enum<E> & WireNamed> List<String> names(Class<E> type) {
        return TABLES.get(type).names;
    }

    /** The name table of one enum: immutable once built. */
    private static final class Table {
        final Map<String, Object> byName = new HashMap<>();
        final List<String> names;

        Table(Object[] constants) {
            String[] names = new String[constants.length];
            for (int i = 0; i < constants.length; i++) {
                names[i] = ((WireNamed) constants[i]).wireName();
                if (byName.put(names[i], constants[i]) != null) {
                    throw new IllegalStateException("two constants of " + constants[i].getClass().getName()
                            + " share the wire name '" + names[i] + "'");
                }
            }
            this.names = Collections.unmodifiableList(Arrays.asList(names));
        }
    }
}
