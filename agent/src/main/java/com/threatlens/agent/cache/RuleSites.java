package com.threatlens.agent.cache;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.cache.instrument.CachedMethodInstrumentation;

import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Decides, as classes are transformed, which of their methods a rule caches (the first rule that
 * names a method wins) and registers a {@link CacheSite} for each. A rule that cannot work on a
 * method (it returns void, a key or tag expression names an argument the method does not have or
 * a property its type lacks) is reported in one line and leaves that method alone.
 */
final class RuleSites implements CachedMethodInstrumentation.Sites {

    private final List<CacheRule> rules;
    private final CacheSites sites;
    /** Per rule, why it was refused on some method; shown in the stats. */
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    RuleSites(List<CacheRule> rules, CacheSites sites) {
        this.rules = rules;
        this.sites = sites;
    }

    @Override
    public boolean mayDeclare(TypeDescription type) {
        for (CacheRule rule : rules) {
            if (rule.target().annotation() != null) {
                if (declaresAnnotated(type, rule.target().annotation())) {
                    return true;
                }
            } else if (rule.target().mayMatch(type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean declaresAnnotated(TypeDescription type, String annotation) {
        for (MethodDescription method : type.getDeclaredMethods()) {
            if (method.getDeclaredAnnotations().stream().anyMatch(a -> a.getAnnotationType().getName().equals(annotation))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int siteOf(TypeDescription type, MethodDescription method, ClassLoader loader) {
        for (CacheRule rule : rules) {
            if (!rule.target().matches(type, method)) {
                continue;
            }
            String problem = problemWith(rule, method);
            if (problem != null) {
                refuse(rule, CacheSite.signatureOf(method), problem);
                return -1;
            }
            CacheSite site = sites.register(rule, method, loader);
            if (site == null) {
                refuse(rule, CacheSite.signatureOf(method), "more than " + CacheSites.MAX_SITES + " cached methods");
                return -1;
            }
            return site.id;
        }
        return -1;
    }

    void refuse(CacheRule rule, String signature, String problem) {
        refused.put(rule.name(), signature + ": " + problem);
        if (reported.add(rule.name() + " " + signature)) {
            AgentLog.warn("cache rule '" + rule.name() + "' is off for " + signature + ": " + problem);
        }
    }

    /** Why the rule cannot cache the method, or null. */
    static String problemWith(CacheRule rule, MethodDescription method) {
        if (method.getReturnType().represents(void.class)) {
            return "it returns void, and void methods are never cached";
        }
        List<ValueTemplate> templates = new ArrayList<>(rule.tags());
        if (rule.key() != null) {
            templates.addAll(rule.key());
        }
        int parameters = method.getParameters().size();
        for (ValueTemplate template : templates) {
            for (ValueTemplate.Placeholder placeholder : template.placeholders()) {
                TypeDescription type;
                if (placeholder.source == ValueTemplate.RESULT) {
                    type = method.getReturnType().asErasure();
                } else if (placeholder.source >= parameters) {
                    return "'" + template + "' names argument " + placeholder.source + ", but the method takes "
                        + parameters + " argument" + (parameters == 1 ? "" : "s");
                } else {
                    type = method.getParameters().get(placeholder.source).getType().asErasure();
                }
                for (String property : placeholder.path) {
                    if (type == null || isOpen(type)) {
                        break;
                    }
                    TypeDescription next = propertyType(type, property);
                    if (next == null) {
                        return "'" + template + "': " + type.getName() + " has no property '" + property + "'";
                    }
                    type = next;
                }
            }
        }
        return null;
    }

    /**
     * A declared type whose runtime class may have more properties than it shows. Primitive and
     * array classes carry the abstract modifier too, but are closed: they have no properties.
     */
    private static boolean isOpen(TypeDescription type) {
        if (type.isPrimitive() || type.isArray()) {
            return false;
        }
        return type.isInterface() || type.isAbstract() || type.represents(Object.class);
    }

    private static TypeDescription propertyType(TypeDescription type, String property) {
        if (type.isPrimitive() || type.isArray()) {
            return null;
        }
        String capitalized = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        try {
            for (TypeDefinition current = type; current != null; current = current.getSuperClass()) {
                for (String name : new String[] {property, "get" + capitalized, "is" + capitalized}) {
                    var methods = current.getDeclaredMethods()
                        .filter(named(name).and(takesArguments(0)).and(not(isStatic())));
                    if (!methods.isEmpty() && !methods.getOnly().getReturnType().represents(void.class)) {
                        return methods.getOnly().getReturnType().asErasure();
                    }
                }
                var fields = current.getDeclaredFields().filter(named(property));
                for (FieldDescription field : fields) {
                    if (!field.isStatic()) {
                        return field.getType().asErasure();
                    }
                }
            }
        } catch (RuntimeException unresolvable) {
            // a super type that cannot be read: accept, and let a real call tell
            return TypeDescription.ForLoadedType.of(Object.class);
        }
        return null;
    }

    /** Per rule name, why it was refused on a method (the last such reason). */
    Map<String, String> refused() {
        return refused;
    }
}
