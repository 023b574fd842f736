package com.threatlens.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.none;

import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.threatlens.agent.bootstrap.AgentLog;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * Byte Buddy's {@link AgentBuilder.Default} with its defaults but one: no self-initialization.
 *
 * <p>The public constructors always prepare {@code SelfInjection}, which injects Byte Buddy's
 * {@code Nexus} class into the system class loader, the application's own. The agent's advice is
 * inlined and needs no type initializer, so that injection only costs: about a third of a second of
 * CPU at start-up (it generates and defines the class through Byte Buddy itself), and a class of
 * the agent's Byte Buddy in the application's loader, where an application with a Byte Buddy of
 * its own would find it. {@link AgentBuilder.InitializationStrategy.NoOp} is passed instead, to
 * the constructor that takes every strategy. That constructor is protected and names a type Byte
 * Buddy keeps protected, so it is called by reflection, with each value chosen by its parameter's
 * type; should a Byte Buddy version have other parameters, the public constructor is used.
 */
final class AdviceOnlyAgentBuilder {

    private static final String BUILDER = "net.bytebuddy.agent.builder.AgentBuilder$";

    private AdviceOnlyAgentBuilder() {
    }

    static AgentBuilder create(ByteBuddy byteBuddy) {
        try {
            Map<Class<?>, Object> values = defaults(byteBuddy);
            for (Constructor<?> constructor : AgentBuilder.Default.class.getDeclaredConstructors()) {
                Class<?>[] types = constructor.getParameterTypes();
                if (types.length == values.size() && values.keySet().containsAll(List.of(types))) {
                    Object[] arguments = new Object[types.length];
                    for (int i = 0; i < types.length; i++) {
                        arguments[i] = values.get(types[i]);
                    }
                    constructor.setAccessible(true);
                    return (AgentBuilder) constructor.newInstance(arguments);
                }
            }
            AgentLog.debug("Byte Buddy's AgentBuilder has no constructor of the expected strategies; using its defaults");
        } catch (ReflectiveOperationException | RuntimeException unexpected) {
            AgentLog.debug("Byte Buddy's AgentBuilder could not be made without self-initialization: " + unexpected);
        }
        return new AgentBuilder.Default(byteBuddy);
    }

    /** The public constructor's values by parameter type, with no self-initialization. */
    private static Map<Class<?>, Object> defaults(ByteBuddy byteBuddy) throws ReflectiveOperationException {
        Map<Class<?>, Object> values = new HashMap<>();
        values.put(ByteBuddy.class, byteBuddy);
        values.put(AgentBuilder.Listener.class, AgentBuilder.Listener.NoOp.INSTANCE);
        values.put(AgentBuilder.CircularityLock.class, new AgentBuilder.CircularityLock.Default());
        values.put(AgentBuilder.PoolStrategy.class, AgentBuilder.PoolStrategy.Default.FAST);
        values.put(AgentBuilder.TypeStrategy.class, AgentBuilder.TypeStrategy.Default.REBASE);
        values.put(AgentBuilder.LocationStrategy.class, AgentBuilder.LocationStrategy.ForClassLoader.STRONG);
        values.put(ClassFileLocator.class, ClassFileLocator.NoOp.INSTANCE);
        put(values, "Default$NativeMethodStrategy", "Default$NativeMethodStrategy$Disabled");
        put(values, "Default$WarmupStrategy", "Default$WarmupStrategy$NoOp");
        values.put(AgentBuilder.TransformerDecorator.class, AgentBuilder.TransformerDecorator.NoOp.INSTANCE);
        values.put(AgentBuilder.InitializationStrategy.class, AgentBuilder.InitializationStrategy.NoOp.INSTANCE);
        values.put(AgentBuilder.RedefinitionStrategy.class, AgentBuilder.RedefinitionStrategy.DISABLED);
        values.put(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.class,
            AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.SinglePass.INSTANCE);
        values.put(AgentBuilder.RedefinitionStrategy.BatchAllocator.class,
            AgentBuilder.RedefinitionStrategy.BatchAllocator.ForTotal.INSTANCE);
        values.put(AgentBuilder.RedefinitionStrategy.Listener.class, AgentBuilder.RedefinitionStrategy.Listener.NoOp.INSTANCE);
        put(values, "RedefinitionStrategy$ResubmissionStrategy", "RedefinitionStrategy$ResubmissionStrategy$Disabled");
        values.put(AgentBuilder.InjectionStrategy.class, AgentBuilder.InjectionStrategy.UsingReflection.INSTANCE);
        values.put(AgentBuilder.LambdaInstrumentationStrategy.class, AgentBuilder.LambdaInstrumentationStrategy.DISABLED);
        values.put(AgentBuilder.DescriptionStrategy.class, AgentBuilder.DescriptionStrategy.Default.HYBRID);
        values.put(AgentBuilder.FallbackStrategy.class, AgentBuilder.FallbackStrategy.ByThrowableType.ofOptionalTypes());
        values.put(AgentBuilder.ClassFileBufferStrategy.class, AgentBuilder.ClassFileBufferStrategy.Default.RETAINING);
        values.put(AgentBuilder.InstallationListener.class, AgentBuilder.InstallationListener.NoOp.INSTANCE);
        // What to ignore is set by the caller.
        values.put(AgentBuilder.RawMatcher.class, new AgentBuilder.RawMatcher.ForElementMatchers(none()));
        values.put(List.class, List.of());
        return values;
    }

    /** A strategy whose type Byte Buddy does not make public: its {@code INSTANCE}, by name. */
    private static void put(Map<Class<?>, Object> values, String type, String constant) throws ReflectiveOperationException {
        ClassLoader loader = AgentBuilder.class.getClassLoader();
        values.put(Class.forName(BUILDER + type, false, loader),
            Class.forName(BUILDER + constant, true, loader).getField("INSTANCE").get(null));
    }
}
