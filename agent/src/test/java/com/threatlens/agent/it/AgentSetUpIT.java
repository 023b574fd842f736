package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import com.threatlens.agent.bootstrap.AgentSetUp;
import com.threatlens.agent.bootstrap.JdbcBridge;

import org.junit.jupiter.api.Test;

/** The agent says when its background set-up is over, which benchmarks wait for. */
class AgentSetUpIT {

    @Test
    void theSetUpIsMarkedCompleteOnceItsLastStepHasRun() throws InterruptedException {
        // The sidecar is the set-up's last step: it listens just before the set-up is marked complete.
        Sidecar.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!AgentSetUp.isComplete() && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }

        assertTrue(AgentSetUp.isComplete(), "the set-up was not marked complete within 10 s of the sidecar listening");
        assertTrue(JdbcBridge.active(), "the JDBC hooks are installed once the set-up is complete");
    }
}
