package io.mcpmonitor.core.detect;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the learned state of two detection objects field by field, by reflection, through
 * every object of the detect package they reach (arrays element by element, doubles bit for bit,
 * maps by key, collections in order; other values by {@code equals}). Fields marked
 * {@code transient} are not state (locks, scratch space) and are skipped, as the checkpoint skips
 * them. A field a component adds later is compared without anyone listing it, which is what makes
 * the checkpoint's equivalence tests fail when its {@code writeState} forgets it.
 */
final class LearnedState {
    private static final String PACKAGE = LearnedState.class.getPackageName();
    private final IdentityHashMap<Object, Object> visited = new IdentityHashMap<>();
    /** Classes of the detect package met on the way. */
    final Set<String> classes = new TreeSet<>();

    /** The path of the first field where {@code a} and {@code b} differ, or null when their state is the same. */
    static String firstDifference(Object a, Object b) {
        return new LearnedState().diff("", a, b);
    }

    String diff(String path, Object a, Object b) {
        if (a == b) {
            return null;
        }
        if (a == null || b == null) {
            return path + ": " + a + " vs " + b;
        }
        if (a.getClass() != b.getClass()) {
            return path + ": " + a.getClass().getName() + " vs " + b.getClass().getName();
        }
        Class<?> c = a.getClass();
        if (c.isArray()) {
            int n = Array.getLength(a);
            if (n != Array.getLength(b)) {
                return path + ": length " + n + " vs " + Array.getLength(b);
            }
            for (int i = 0; i < n; i++) {
                Object x = Array.get(a, i);
                Object y = Array.get(b, i);
                String d = c.getComponentType().isPrimitive() ? primitive(path + "[" + i + "]", x, y) : diff(path + "[" + i + "]", x, y);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (a instanceof Map<?, ?> m) {
            Map<?, ?> o = (Map<?, ?>) b;
            if (!m.keySet().equals(o.keySet())) {
                return path + ": keys " + m.keySet() + " vs " + o.keySet();
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String d = diff(path + "{" + e.getKey() + "}", e.getValue(), o.get(e.getKey()));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (a instanceof Collection<?> col) {
            List<?> x = new ArrayList<>(col);
            List<?> y = new ArrayList<>((Collection<?>) b);
            if (x.size() != y.size()) {
                return path + ": size " + x.size() + " vs " + y.size();
            }
            for (int i = 0; i < x.size(); i++) {
                String d = diff(path + "<" + i + ">", x.get(i), y.get(i));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (!c.getName().startsWith(PACKAGE + ".") || c.isEnum()) {
            return a.equals(b) ? null : path + ": " + a + " vs " + b;
        }
        if (visited.put(a, b) != null) {
            return null;
        }
        classes.add(c.getSimpleName());
        for (Field f : c.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic()) {
                continue;
            }
            f.setAccessible(true);
            try {
                Object x = f.get(a);
                Object y = f.get(b);
                String p = path + "." + f.getName();
                String d = f.getType().isPrimitive() ? primitive(p, x, y) : diff(p, x, y);
                if (d != null) {
                    return d;
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return null;
    }

    private static String primitive(String path, Object x, Object y) {
        if (x instanceof Double dx) {
            return Double.doubleToLongBits(dx) == Double.doubleToLongBits((Double) y) ? null : path + ": " + x + " vs " + y;
        }
        if (x instanceof Float fx) {
            return Float.floatToIntBits(fx) == Float.floatToIntBits((Float) y) ? null : path + ": " + x + " vs " + y;
        }
        return x.equals(y) ? null : path + ": " + x + " vs " + y;
    }
}
