package com.threatlens.agent.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Which methods a rule caches: {@code com.acme.WikiService#getWiki}, with parameter types to pick
 * one overload ({@code #getWiki(long)}), {@code *} wildcards in the class and method names
 * ({@code com.acme.*Service#find*}), or every method annotated with an annotation
 * ({@code @com.acme.Cached}). Parameter types are written as in Java source, simple or
 * qualified ({@code String}, {@code java.lang.String}, {@code long[]}).
 */
final class RuleTarget {

    private final String text;
    private final Pattern type;
    private final String exactType;
    private final String annotation;
    private final Pattern method;
    private final List<String> parameters;

    private RuleTarget(String text, Pattern type, String exactType, String annotation, Pattern method,
                       List<String> parameters) {
        this.text = text;
        this.type = type;
        this.exactType = exactType;
        this.annotation = annotation;
        this.method = method;
        this.parameters = parameters;
    }

    static RuleTarget parse(String text) {
        String target = text.trim();
        if (target.startsWith("@")) {
            String annotation = target.substring(1);
            if (!annotation.matches("[\\w$]+(\\.[\\w$]+)*")) {
                throw new IllegalArgumentException("'" + target + "' is not an annotation name like @com.acme.Cached");
            }
            return new RuleTarget(target, null, null, annotation, null, null);
        }
        int hash = target.indexOf('#');
        if (hash <= 0 || hash == target.length() - 1) {
            throw new IllegalArgumentException("'" + target
                + "' is not a method like com.acme.WikiService#getWiki or com.acme.WikiService#getWiki(long)");
        }
        String typeName = target.substring(0, hash);
        String methodPart = target.substring(hash + 1);
        List<String> parameters = null;
        int open = methodPart.indexOf('(');
        if (open >= 0) {
            if (!methodPart.endsWith(")")) {
                throw new IllegalArgumentException("'" + target + "' has parameter types without a closing ')'");
            }
            parameters = new ArrayList<>();
            String inside = methodPart.substring(open + 1, methodPart.length() - 1).trim();
            if (!inside.isEmpty()) {
                for (String parameter : inside.split(",")) {
                    parameters.add(parameter.trim().replace(" ", ""));
                }
            }
            methodPart = methodPart.substring(0, open).trim();
        }
        if (!typeName.matches("[\\w$.*]+") || !methodPart.matches("[\\w$*]+")) {
            throw new IllegalArgumentException("'" + target + "' names a class or method with characters a Java name cannot have");
        }
        boolean wildcardType = typeName.contains("*");
        return new RuleTarget(target, wildcardType ? glob(typeName) : null, wildcardType ? null : typeName, null,
            glob(methodPart), parameters == null ? null : List.copyOf(parameters));
    }

    private static Pattern glob(String text) {
        StringBuilder regex = new StringBuilder();
        String[] pieces = text.split("\\*", -1);
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(pieces[i]));
        }
        return Pattern.compile(regex.toString());
    }

    /** The class this target names exactly, or null for a wildcard or annotation target. */
    String exactType() {
        return exactType;
    }

    /** The annotation this target names, or null. */
    String annotation() {
        return annotation;
    }

    boolean mayMatch(TypeDescription candidate) {
        if (annotation != null) {
            return true;
        }
        return exactType != null ? exactType.equals(candidate.getName()) : type.matcher(candidate.getName()).matches();
    }

    boolean matches(TypeDescription owner, MethodDescription candidate) {
        if (!mayMatch(owner)) {
            return false;
        }
        if (annotation != null) {
            return candidate.getDeclaredAnnotations().stream()
                .anyMatch(a -> a.getAnnotationType().getName().equals(annotation));
        }
        if (!method.matcher(candidate.getName()).matches()) {
            return false;
        }
        if (parameters == null) {
            return true;
        }
        if (candidate.getParameters().size() != parameters.size()) {
            return false;
        }
        for (int i = 0; i < parameters.size(); i++) {
            ParameterDescription parameter = candidate.getParameters().get(i);
            TypeDescription erasure = parameter.getType().asErasure();
            String wanted = parameters.get(i);
            if (!wanted.equals(erasure.getActualName()) && !wanted.equals(erasure.getSimpleName())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
