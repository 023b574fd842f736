package com.threatlens.agent.cache;

import java.lang.reflect.Type;

import com.threatlens.agent.cache.disk.ValueCodec;

/**
 * The {@link Codec} of the disk tier and of copies: JSON against the declared type. Its mapper is
 * made on first use: without cache rules nothing is encoded, and making it costs a fifth of a
 * second of CPU at start-up.
 */
final class JsonCodec implements Codec {

    @Override
    public String problemWith(Type type) {
        return Mapper.CODEC.problemWith(type).orElse(null);
    }

    @Override
    public byte[] encode(Object value) {
        return Mapper.CODEC.encode(value);
    }

    @Override
    public Object decode(byte[] bytes, Type type) {
        return Mapper.CODEC.decode(bytes, type);
    }

    /** Initialized when first used: the JVM's class initialization makes that lazy and safe. */
    private static final class Mapper {
        static final ValueCodec CODEC = new ValueCodec();
    }
}
