package com.threatlens.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isExtensionClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.instrument.Instrumentation;
import java.util.List;

import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.bootstrap.HttpBridge;
import com.threatlens.agent.config.AgentConfig;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * The one place that builds Byte Buddy's {@link AgentBuilder}: no self-initialization (see
 * {@link AdviceOnlyAgentBuilder}), class format changes disabled
 * (so retransformation works on classes that are already loaded), the agent's own classes,
 * Byte Buddy and large libraries known to hold no JDBC code ignored (matching every class the
 * host loads is the agent's main start-up cost), super types cached, and every transformation
 * error logged instead of thrown.
 */
public final class AgentInstaller {

    private AgentInstaller() {
    }

    public static void install(Instrumentation instrumentation, AgentConfig config) {
        install(instrumentation, config, List.of());
    }

    /** Installs the modules the configuration switches on, and {@code more} (built by features). */
    public static void install(Instrumentation instrumentation, AgentConfig config, List<InstrumentationModule> more) {
        List<InstrumentationModule> modules = new java.util.ArrayList<>(InstrumentationModules.enabled(config));
        modules.addAll(more);
        if (modules.isEmpty()) {
            return;
        }
        List<String> jdkClasses = modules.stream().flatMap(module -> module.jdkClasses().stream()).toList();
        // Validating each woven class costs start-up time and guards against nothing here: the
        // advice is fixed and tested.
        AgentBuilder builder = AdviceOnlyAgentBuilder.create(new ByteBuddy().with(TypeValidation.DISABLED))
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            // The host keeps loading classes while this runs on a background thread: one pass
            // over the loaded classes missed some (Jetty's Server, loaded in the middle of it).
            // Discovery is repeated until a pass finds no class it has not seen.
            .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE)
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(new TypeCache())
            .with(new ErrorLogger())
            // Advice inlined into a class of a named JDK module calls the bridge, which lives in
            // the boot loader's unnamed module: that module must be readable from there.
            .assureReadEdgeTo(instrumentation, HttpBridge.class)
            // The JDK's own classes (boot and platform loaders) are left alone but for the few a
            // module names (the JDK's HTTP server), and so is the agent's own loader (its Jetty
            // serves the sidecar, which must not measure itself): deciding by loader first means
            // no class file is read for them, which keeps start-up cheap and avoids circular
            // class loading.
            .ignore(not(namedOneOf(jdkClasses.toArray(new String[0]))), isBootstrapClassLoader().or(isExtensionClassLoader()))
            .or(any(), is(AgentInstaller.class.getClassLoader()))
            .or(nameStartsWith("net.bytebuddy.")
                .or(nameStartsWith("kotlin."))
                .or(nameStartsWith("scala."))
                .or(nameStartsWith("com.fasterxml.jackson."))
                .or(nameStartsWith("org.slf4j."))
                .or(nameStartsWith("ch.qos.logback."))
                .or(nameStartsWith("org.apache.logging.log4j."))
                .or(nameStartsWith("io.netty."))
                .or(nameStartsWith("com.google.common."))
                .or(nameStartsWith("com.threatlens.agent."))
                .or(nameStartsWith("com.threatlens.sidecar."))
                .or(isSynthetic()));
        for (InstrumentationModule module : modules) {
            builder = module.extend(builder);
        }
        builder.installOn(instrumentation);
    }

    /** Transformation failures are logged once per class; the class loads untransformed. */
    private static final class ErrorLogger extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable error) {
            AgentLog.warn("could not instrument " + typeName + ", it runs unobserved: " + error);
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
            if (AgentLog.isEnabled(AgentLog.Level.DEBUG)) {
                AgentLog.debug("instrumented " + type.getName());
            }
        }
    }
}
