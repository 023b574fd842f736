package com.threatlens.agent.cache;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a named property of an object for key and tag expressions: a no-argument method of that
 * name (record components), its {@code get}/{@code is} form, or a field. Accessors are looked up
 * once per class and property.
 */
final class Properties {

    private static final ClassValue<Map<String, AccessibleObject>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, AccessibleObject> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private Properties() {
    }

    /** The property's value; throws {@link IllegalArgumentException} when the class has no such property. */
    static Object read(Object target, String property) {
        AccessibleObject accessor = ACCESSORS.get(target.getClass())
            .computeIfAbsent(property, name -> find(target.getClass(), name));
        try {
            return accessor instanceof Method ? ((Method) accessor).invoke(target) : ((Field) accessor).get(target);
        } catch (ReflectiveOperationException failed) {
            throw new IllegalArgumentException("cannot read '" + property + "' of " + target.getClass().getName()
                + ": " + failed, failed);
        }
    }

    /** Whether a class has the property, as far as its declared type tells. */
    static boolean has(Class<?> type, String property) {
        try {
            find(type, property);
            return true;
        } catch (IllegalArgumentException missing) {
            return false;
        }
    }

    private static AccessibleObject find(Class<?> type, String name) {
        String capitalized = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String candidate : new String[] {name, "get" + capitalized, "is" + capitalized}) {
            Method method = method(type, candidate);
            if (method != null) {
                return accessible(method);
            }
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                if (!Modifier.isStatic(field.getModifiers())) {
                    return accessible(field);
                }
            } catch (NoSuchFieldException next) {
                // look in the superclass
            }
        }
        throw new IllegalArgumentException(type.getName() + " has no property '" + name + "'");
    }

    private static Method method(Class<?> type, String name) {
        try {
            Method method = type.getMethod(name);
            return method.getReturnType() == void.class || Modifier.isStatic(method.getModifiers()) ? null : method;
        } catch (NoSuchMethodException none) {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                try {
                    Method declared = c.getDeclaredMethod(name);
                    if (declared.getReturnType() != void.class && !Modifier.isStatic(declared.getModifiers())) {
                        return declared;
                    }
                } catch (NoSuchMethodException next) {
                    // look in the superclass
                }
            }
            return null;
        }
    }

    private static <T extends AccessibleObject> T accessible(T member) {
        try {
            member.setAccessible(true);
        } catch (RuntimeException refused) {
            // a public member of a public class needs no more; others fail when read, with a reason
        }
        return member;
    }
}
