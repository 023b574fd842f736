package com.threatlens.agent.bootstrap;

/**
 * Whether the agent's background set-up is over: every feature it switched on is running, and
 * every class it instruments is transformed, those the application loaded meanwhile included
 * (they were retransformed). A retransformed class's compiled code is thrown away and its call
 * sites are linked again, once; a measurement of the agent's steady cost starts after that,
 * which is what benchmarks wait for here.
 */
public final class AgentSetUp {

    private static volatile boolean complete;

    private AgentSetUp() {
    }

    /** True once the set-up has finished, whether every feature started or some failed. */
    public static boolean isComplete() {
        return complete;
    }

    public static void markComplete() {
        complete = true;
    }
}
