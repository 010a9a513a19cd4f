package io.mcpmonitor.core.wire;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Parses the wire names of {@link WireNamed} enums back into their constants, with the error message each
 * enum chooses for a name it does not have.
 *
 * <p>Thread-safe. The name table of an enum is built once per class, on first use, and shared; a lookup
 * is one hash probe and allocates nothing when the name is known (pass a non-capturing lambda as the
 * message, which the JVM keeps as a constant; {@link #unknownValue} and {@link #mustBeOneOf} make one
 * small object per call, for names parsed now and then).
 */
public final class WireNames {

    private static final ClassValue<Table> TABLES = new ClassValue<>() {
        @Override
        protected Table computeValue(Class<?> type) {
            return new Table(type.getEnumConstants());
        }
    };

    /** Per enum, its constants' names in lower case, by ordinal: the default wire names. */
    private static final ClassValue<String[]> LOWER_CASE = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            String[] names = new String[constants.length];
            for (int i = 0; i < constants.length; i++) {
                names[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT);
            }
            return names;
        }
    };

    private WireNames() {
    }

    /** {@code constant}'s name in lower case, from a table built once per enum: {@link WireNamed}'s default. */
    static String lowerCaseName(Enum<?> constant) {
        return LOWER_CASE.get(constant.getDeclaringClass())[constant.ordinal()];
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

    /**
     * The usual error for {@link #parse}: {@code "FIELD: unknown value 'V'; expected a, b or c"}, the accepted
     * names in declaration order.
     */
    public static BiFunction<String, List<String>, String> unknownValue(String field) {
        return (v, names) -> field + ": unknown value '" + v + "'; expected " + orList(names);
    }

    /** The usual error for names people type: {@code "FIELD: 'V' must be one of a, b, c"}. */
    public static BiFunction<String, List<String>, String> mustBeOneOf(String field) {
        return (v, names) -> field + ": '" + v + "' must be one of " + String.join(", ", names);
    }

    /** {@code a, b or c}. */
    private static String orList(List<String> names) {
        int last = names.size() - 1;
        return last <= 0 ? String.join("", names) : String.join(", ", names.subList(0, last)) + " or " + names.get(last);
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
