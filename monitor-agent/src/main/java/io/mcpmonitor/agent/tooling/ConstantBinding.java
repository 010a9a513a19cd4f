package io.mcpmonitor.agent.tooling;

import java.lang.annotation.Annotation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Binds the advice parameter carrying annotation {@code A} to a constant the weaving chooses for each method it
 * weaves ({@link #value}), pushed as is: the constant must already have the parameter's type (an
 * {@code IntegerConstant} for a {@code boolean}, a {@code TextConstant} for a {@code String}). Byte Buddy's own
 * {@code bind(annotation, constant, type)} describes and checks that type by reflection, which costs the agent's
 * start-up several milliseconds of class loading per kind of binding; here nothing is checked beyond what the
 * verifier of the woven class checks. Stateless apart from what a subclass holds; used while weaving only.
 */
abstract class ConstantBinding<A extends Annotation> implements Advice.OffsetMapping.Factory<A>, Advice.OffsetMapping {

    private final Class<A> annotation;

    ConstantBinding(Class<A> annotation) {
        this.annotation = annotation;
    }

    /** The constant for the parameter when {@code woven} is woven; throws when there is none (that weaving fails). */
    abstract StackManipulation value(MethodDescription woven);

    @Override
    public final Class<A> getAnnotationType() {
        return annotation;
    }

    @Override
    public final Advice.OffsetMapping make(ParameterDescription.InDefinedShape target,
                                           AnnotationDescription.Loadable<A> annotation, AdviceType adviceType) {
        return this;
    }

    @Override
    public final Target resolve(TypeDescription instrumentedType, MethodDescription instrumentedMethod,
                                Assigner assigner, Advice.ArgumentHandler argumentHandler, Sort sort) {
        return new Target.ForStackManipulation(value(instrumentedMethod));
    }
}
