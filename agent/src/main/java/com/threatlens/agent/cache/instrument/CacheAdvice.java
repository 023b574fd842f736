package com.threatlens.agent.cache.instrument;

import com.threatlens.agent.bootstrap.CacheBridge;
import com.threatlens.agent.bootstrap.CacheHit;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into each cached method; JDK types and the bridge only. On a hit the method body is
 * skipped and the cached value returned; otherwise the method runs and its result (or exception,
 * untouched) is reported to the engine.
 */
final class CacheAdvice {

    private CacheAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static Object enter(@CacheSiteId int site, @Advice.This(optional = true) Object instance,
                        @Advice.AllArguments Object[] arguments, @Advice.Local("call") Object call) {
        call = CacheBridge.lookup(site, instance, arguments);
        return call instanceof CacheHit ? call : null;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object hit, @Advice.Local("call") Object call,
                     @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Thrown Throwable thrown) {
        if (hit != null) {
            returned = ((CacheHit) hit).value;
        } else if (call != null) {
            CacheBridge.complete(call, returned, thrown);
        }
    }
}
