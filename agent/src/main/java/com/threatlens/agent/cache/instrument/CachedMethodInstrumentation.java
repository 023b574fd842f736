package com.threatlens.agent.cache.instrument;

import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.security.ProtectionDomain;

import com.threatlens.agent.instrument.InstrumentationModule;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Weaves {@link CacheAdvice} into every method a cache rule names, with the id of that method's
 * site bound into the advice as a constant (so a call finds its rule by an array index).
 */
public final class CachedMethodInstrumentation implements InstrumentationModule {

    /** Which methods to cache, and the site id of each (or -1 to leave it alone). */
    public interface Sites {

        boolean mayDeclare(TypeDescription type);

        int siteOf(TypeDescription type, MethodDescription method, ClassLoader loader);
    }

    private final Sites sites;
    private final TypeDescription advice = TypeDescription.ForLoadedType.of(CacheAdvice.class);
    private final ClassFileLocator adviceLocator = ClassFileLocator.ForClassLoader.of(CacheAdvice.class.getClassLoader());

    public CachedMethodInstrumentation(Sites sites) {
        this.sites = sites;
    }

    @Override
    public AgentBuilder extend(AgentBuilder builder) {
        ElementMatcher<TypeDescription> declaring = sites::mayDeclare;
        return builder.type(not(isInterface()).and(declaring)).transform(this::weave);
    }

    private DynamicType.Builder<?> weave(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
                                         JavaModule module, ProtectionDomain domain) {
        DynamicType.Builder<?> woven = builder;
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            if (!method.isMethod() || method.isAbstract() || method.isNative() || method.isBridge()
                || method.isSynthetic()) {
                continue;
            }
            int site = sites.siteOf(type, method, loader);
            if (site >= 0) {
                woven = woven.visit(Advice.withCustomMapping().bind(CacheSiteId.class, site)
                    .to(advice, adviceLocator).on(is(method)));
            }
        }
        return woven;
    }
}
