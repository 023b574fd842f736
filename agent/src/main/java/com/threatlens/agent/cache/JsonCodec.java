package com.threatlens.agent.cache;

import java.lang.reflect.Type;

import com.threatlens.agent.cache.disk.ValueCodec;

/** The {@link Codec} of the disk tier and of copies: JSON against the declared type. */
final class JsonCodec implements Codec {

    private final ValueCodec codec = new ValueCodec();

    @Override
    public String problemWith(Type type) {
        return codec.problemWith(type).orElse(null);
    }

    @Override
    public byte[] encode(Object value) {
        return codec.encode(value);
    }

    @Override
    public Object decode(byte[] bytes, Type type) {
        return codec.decode(bytes, type);
    }
}
