package io.mcpmonitor.agent.tooling;

import java.util.Set;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;

/**
 * Resolves {@link ToolName} for an included method: the {@code name} or {@code value} of the first
 * {@code include=} annotation on it, when set (Quarkus MCP's {@code "<<element name>>"} placeholder and blank
 * values do not count), else the method's name. Stateless; used while instrumenting, never on the hot path.
 */
final class ToolNameMapping implements Advice.OffsetMapping.Factory<ToolName> {

    private final Set<String> annotations;

    ToolNameMapping(Set<String> annotations) {
        this.annotations = Set.copyOf(annotations);
    }

    @Override
    public Class<ToolName> getAnnotationType() {
        return ToolName.class;
    }

    @Override
    public Advice.OffsetMapping make(ParameterDescription.InDefinedShape target,
                                     AnnotationDescription.Loadable<ToolName> annotation, AdviceType adviceType) {
        return (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) ->
                Advice.OffsetMapping.Target.ForStackManipulation.of(toolName(instrumentedMethod));
    }

    String toolName(MethodDescription method) {
        for (AnnotationDescription a : method.getDeclaredAnnotations()) {
            if (annotations.contains(a.getAnnotationType().getName())) {
                for (String property : new String[] {"name", "value"}) {
                    String value = stringProperty(a, property);
                    if (value != null && !value.isBlank() && !value.startsWith("<<")) {
                        return value;
                    }
                }
            }
        }
        return method.getName();
    }

    private static String stringProperty(AnnotationDescription annotation, String property) {
        try {
            Object value = annotation.getValue(property).resolve();
            return value instanceof String s ? s : null;
        } catch (RuntimeException e) {
            return null; // no such property, or not a string
        }
    }
}
