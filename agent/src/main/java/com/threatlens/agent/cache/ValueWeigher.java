package com.threatlens.agent.cache;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates the heap bytes a cached value holds, for the memory tier's weight bound: strings,
 * boxes, arrays, collections, maps, and other objects through their fields (records included).
 * The walk is bounded ({@link #MAX_NODES} objects); a value larger than that is charged what was
 * counted plus a flat amount per object left. Run once per stored value, off the hit path.
 */
final class ValueWeigher {

    static final int MAX_NODES = 20_000;
    private static final int OBJECT_HEADER = 16;
    private static final int REFERENCE = 4;

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers())) {
                        continue;
                    }
                    try {
                        field.setAccessible(true);
                        fields.add(field);
                    } catch (RuntimeException closed) {
                        // a JDK class the agent may not open: charged by its header only
                    }
                }
            }
            return List.copyOf(fields);
        }
    };

    private ValueWeigher() {
    }

    static int weigh(Object value) {
        if (value == null) {
            return OBJECT_HEADER;
        }
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(value);
        long bytes = 0;
        int nodes = 0;
        while (!pending.isEmpty()) {
            Object next = pending.pop();
            if (next == null || seen.put(next, Boolean.TRUE) != null) {
                continue;
            }
            if (++nodes > MAX_NODES) {
                bytes += (long) pending.size() * 64;
                break;
            }
            bytes += shallow(next, pending);
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(OBJECT_HEADER, bytes));
    }

    private static long shallow(Object object, Deque<Object> pending) {
        Class<?> type = object.getClass();
        if (object instanceof String) {
            return OBJECT_HEADER + 24 + ((String) object).length() * 2L;
        }
        if (object instanceof Number || object instanceof Boolean || object instanceof Character || type.isEnum()) {
            return type.isEnum() ? 0 : OBJECT_HEADER + 8;
        }
        if (type.isArray()) {
            int length = Array.getLength(object);
            Class<?> component = type.getComponentType();
            if (component.isPrimitive()) {
                return OBJECT_HEADER + (long) length * primitiveSize(component);
            }
            for (int i = 0; i < length; i++) {
                push(pending, Array.get(object, i));
            }
            return OBJECT_HEADER + (long) length * REFERENCE;
        }
        if (object instanceof Collection) {
            Collection<?> collection = (Collection<?>) object;
            collection.forEach(element -> push(pending, element));
            return OBJECT_HEADER + 16 + collection.size() * 8L;
        }
        if (object instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) object;
            map.forEach((k, v) -> {
                push(pending, k);
                push(pending, v);
            });
            return OBJECT_HEADER + 32 + map.size() * 32L;
        }
        long bytes = OBJECT_HEADER;
        for (Field field : FIELDS.get(type)) {
            Class<?> fieldType = field.getType();
            if (fieldType.isPrimitive()) {
                bytes += primitiveSize(fieldType);
                continue;
            }
            bytes += REFERENCE;
            try {
                push(pending, field.get(object));
            } catch (IllegalAccessException | RuntimeException unreadable) {
                // counted as a reference only
            }
        }
        return bytes;
    }

    private static void push(Deque<Object> pending, Object value) {
        if (value != null) {
            pending.push(value);
        }
    }

    private static int primitiveSize(Class<?> type) {
        if (type == long.class || type == double.class) {
            return 8;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        return type == short.class || type == char.class ? 2 : 1;
    }
}
