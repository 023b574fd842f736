package com.threatlens.agent.cache;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * Methods for the engine tests to cache. Their bodies never run: a test hands the cache the work
 * a call does, as the woven advice would run the real body.
 */
public class FixtureService {

    /** Marks methods for an annotation rule. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Cached {
    }

    public record Wiki(long id, long repoId, String title) {
    }

    public record WikiQuery(long repoId, String text) {
    }

    public record Summary(long repoId, List<Wiki> wikis) {
    }

    /** A bean with a getter, not a record. */
    public static class Page {
        private final int number;

        public Page(int number) {
            this.number = number;
        }

        public int getNumber() {
            return number;
        }
    }

    public Wiki getWiki(long id) {
        throw new UnsupportedOperationException();
    }

    public List<Wiki> listWikis(WikiQuery query) {
        throw new UnsupportedOperationException();
    }

    public Summary summary(long repoId) {
        throw new UnsupportedOperationException();
    }

    public Wiki findWiki(String title, Page page) {
        throw new UnsupportedOperationException();
    }

    public Wiki findWiki(List<String> words) {
        throw new UnsupportedOperationException();
    }

    public List<Wiki> wikisByIds(long[] ids) {
        throw new UnsupportedOperationException();
    }

    @Cached
    public long countWikis(long repoId) {
        throw new UnsupportedOperationException();
    }

    public void touch(long id) {
        throw new UnsupportedOperationException();
    }
}
