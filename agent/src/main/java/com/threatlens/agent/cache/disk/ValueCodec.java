package com.threatlens.agent.cache.disk;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Turns cached method results into JSON and back, always against the method's declared return
 * type.
 *
 * <p>Safety first: no Java serialization, no default typing, annotations ignored (so no
 * {@code @JsonTypeInfo} can bring class names into the JSON) and a polymorphic type validator
 * that allows no subtype at all. A value can only ever come back as the declared type, which
 * closes the door on deserialization gadgets even if the cache file is tampered with.
 *
 * <p>Strictness second: the host's classes change between releases while the disk tier keeps
 * old entries. Unknown properties and missing constructor (record) properties fail, so an
 * entry written for an older shape of a class is reported {@link UndecodableException
 * undecodable} and dropped instead of coming back half filled.
 *
 * <p>{@link #problemWith(Type)} decides up front whether a return type can round-trip at all:
 * {@code Object}, interfaces and abstract classes (other than collections and maps) would come
 * back as maps and lists, or not at all, so they are refused, down through record components
 * and bean properties.
 */
public final class ValueCodec {

    private final ObjectMapper mapper = JsonMapper.builder()
        .disable(MapperFeature.USE_ANNOTATIONS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder().build())
        .addModule(new Jdk8Module())
        .addModule(new JavaTimeModule())
        .build();

    public byte[] encode(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode a " + value.getClass().getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The value as the declared type, or {@link UndecodableException} if the JSON does not fit it. */
    public Object decode(byte[] json, Type declared) {
        try {
            return mapper.readValue(json, mapper.constructType(declared));
        } catch (IOException | RuntimeException e) {
            throw new UndecodableException(declared.getTypeName(), e);
        }
    }

    /** Why values of {@code declared} cannot be stored and read back, or empty when they can. */
    public Optional<String> problemWith(Type declared) {
        if (declared == void.class || declared == Void.class) {
            return Optional.of("the method returns nothing");
        }
        JavaType type;
        try {
            type = mapper.constructType(declared);
        } catch (RuntimeException e) {
            return Optional.of("its type cannot be resolved: " + e.getMessage());
        }
        return Optional.ofNullable(problemWith(declared, type, new HashSet<>()));
    }

    private String problemWith(Type declared, JavaType type, Set<JavaType> seen) {
        if (declared instanceof TypeVariable<?> || declared instanceof WildcardType) {
            return "its type " + declared.getTypeName() + " is only known at run time";
        }
        return problemWith(type, seen);
    }

    private String problemWith(JavaType type, Set<JavaType> seen) {
        Class<?> raw = type.getRawClass();
        if (raw == Object.class) {
            return "a value declared as Object would come back as maps and lists, not as its class";
        }
        if (raw == void.class || raw == Void.class) {
            return "a value declared as Void has no content";
        }
        if (type.isPrimitive() || type.isEnumType() || isSimple(raw)) {
            return null;
        }
        if (!seen.add(type)) {
            return null;
        }
        if (type.isReferenceType() || type.isArrayType() || type.isCollectionLikeType()) {
            return problemWith(type.getContentType(), seen);
        }
        if (type.isMapLikeType()) {
            Class<?> key = type.getKeyType().getRawClass();
            if (key != String.class && !key.isEnum() && !isSimple(key)) {
                return "a map keyed by " + key.getName() + " has no JSON form (keys must be strings, numbers or enums)";
            }
            return problemWith(type.getContentType(), seen);
        }
        if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
            return raw.getName() + " is " + (raw.isInterface() ? "an interface" : "abstract")
                + ": the stored JSON does not say which class to create";
        }
        if (raw.getName().startsWith("java.") || raw.getName().startsWith("javax.")) {
            // JDK value types Jackson knows (BigDecimal, UUID, URI, java.time, ...) have their
            // own deserializers; any other JDK class is not a data class.
            return isKnownJdkValue(type) ? null : raw.getName() + " is not a data class";
        }
        if (raw.getEnclosingClass() != null && !Modifier.isStatic(raw.getModifiers())) {
            return raw.getName() + " is an inner class: it cannot be created without its outer instance";
        }
        BeanDescription bean = mapper.getDeserializationConfig().introspect(type);
        if (!raw.isRecord() && bean.findDefaultConstructor() == null) {
            return raw.getName() + " is neither a record nor has a no-argument constructor to create it with";
        }
        for (BeanPropertyDefinition property : bean.findProperties()) {
            String problem = problemWith(property.getPrimaryType(), seen);
            if (problem != null) {
                return raw.getSimpleName() + "." + property.getName() + ": " + problem;
            }
        }
        return null;
    }

    private static boolean isSimple(Class<?> raw) {
        return raw == String.class || raw == Boolean.class || raw == Character.class
            || Number.class.isAssignableFrom(raw) && raw.getName().startsWith("java.")
                && !Modifier.isAbstract(raw.getModifiers());
    }

    /** Jackson has a dedicated deserializer (not a generic bean one) for this JDK class. */
    private boolean isKnownJdkValue(JavaType type) {
        DeserializationConfig config = mapper.getDeserializationConfig();
        try {
            DefaultDeserializationContext context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createDummyInstance(config);
            return !(context.findRootValueDeserializer(type) instanceof BeanDeserializerBase);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The stored JSON no longer fits the declared type (the class changed shape), or is not JSON. */
    public static final class UndecodableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UndecodableException(String typeName, Throwable cause) {
            super("cannot read a stored " + typeName + ": " + cause.getMessage(), cause, false, false);
        }
    }
}
