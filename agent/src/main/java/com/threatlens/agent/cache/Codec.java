package com.threatlens.agent.cache;

import java.lang.reflect.Type;

/** Turns values into bytes and back against a method's declared return type (disk tier, copies). */
interface Codec {

    /** Why values of {@code type} cannot be stored, or null when they can. */
    String problemWith(Type type);

    byte[] encode(Object value) throws Exception;

    Object decode(byte[] bytes, Type type) throws Exception;
}
