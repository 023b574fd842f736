package com.threatlens.agent.instrument;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

/**
 * Type descriptions shared across transformations, per class loader and bounded.
 *
 * <p>Deciding whether a class implements {@code java.sql.Statement} means reading the class
 * files of its super types. Without a cache Byte Buddy reads them again for every class the
 * application loads, which made start-up of an ordinary service seconds slower. Loaders are held
 * weakly; each loader's cache keeps at most {@value #TYPES_PER_LOADER} types, so memory stays
 * bounded in applications with many classes.
 */
final class TypeCache extends AgentBuilder.PoolStrategy.WithTypePoolCache {

    private static final int TYPES_PER_LOADER = 4_000;
    private static final Object BOOTSTRAP = new Object();

    private final Cache<Object, TypePool.CacheProvider> byLoader =
        Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();

    TypeCache() {
        super(TypePool.Default.ReaderMode.FAST);
    }

    @Override
    protected TypePool.CacheProvider locate(ClassLoader classLoader) {
        return byLoader.get(classLoader == null ? BOOTSTRAP : classLoader, loader -> new Bounded());
    }

    /** One loader's descriptions, least recently used dropped first. */
    private static final class Bounded implements TypePool.CacheProvider {
        private final Cache<String, TypePool.Resolution> types =
            Caffeine.newBuilder().maximumSize(TYPES_PER_LOADER).executor(Runnable::run).build();

        @Override
        public TypePool.Resolution find(String name) {
            return types.getIfPresent(name);
        }

        @Override
        public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
            TypePool.Resolution previous = types.asMap().putIfAbsent(name, resolution);
            return previous == null ? resolution : previous;
        }

        @Override
        public void clear() {
            types.invalidateAll();
        }
    }
}
