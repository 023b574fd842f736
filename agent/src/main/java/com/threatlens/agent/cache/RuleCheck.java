package com.threatlens.agent.cache;

import java.util.List;

import com.threatlens.agent.bootstrap.AgentLog;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Checks at start-up, without loading any class, that each rule naming a class exactly names a
 * method that class has (read from the application's class path as class files): a misspelt
 * method is reported at once instead of silently never being cached. A class not on the class
 * path may still come from another class loader later, so that is reported as a warning only.
 */
final class RuleCheck {

    private RuleCheck() {
    }

    /**
     * Reports each problem in one line naming the rule, and records it for the stats: a method
     * the rule cannot cache is refused through {@code sites}, as it would be when its class loads.
     */
    static void check(List<CacheRule> rules, ClassLoader applicationLoader, RuleSites sites) {
        TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(applicationLoader));
        for (CacheRule rule : rules) {
            String typeName = rule.target().exactType();
            if (typeName == null) {
                continue;
            }
            TypePool.Resolution resolution = pool.describe(typeName);
            if (!resolution.isResolved()) {
                AgentLog.warn("cache rule '" + rule.name() + "': no class " + typeName
                    + " on the application's class path; the rule applies if another class loader loads it");
                continue;
            }
            try {
                TypeDescription type = resolution.resolve();
                boolean found = false;
                for (MethodDescription method : type.getDeclaredMethods()) {
                    if (method.isMethod() && rule.target().matches(type, method)) {
                        found = true;
                        String problem = RuleSites.problemWith(rule, method);
                        if (problem != null) {
                            sites.refuse(rule, CacheSite.signatureOf(method), problem);
                        }
                    }
                }
                if (!found) {
                    sites.refuse(rule, typeName, "the class has no method "
                        + rule.target().toString().substring(typeName.length() + 1));
                }
            } catch (RuntimeException unreadable) {
                // A class file that cannot be read here is checked again when the class loads.
            }
        }
    }
}
