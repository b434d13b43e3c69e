package io.callbridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void runsOneCallsTasksInOrderOneAtATimeWithTheCallIdInTheLogContext() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        SerialExecutor serial = new SerialExecutor(pool, "CA1");
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        List<Object> mdc = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(500);
        for (int i = 0; i < 500; i++) {
            int n = i;
            serial.execute(() -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    seen.add(n);
                    mdc.add(MDC.get("callSid"));
                    if (n == 7) throw new IllegalStateException("a failing task must not stop the others");
                } finally {
                    running.decrementAndGet();
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        pool.shutdown();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        assertEquals(500, seen.size());
        for (int i = 0; i < 500; i++) assertEquals(i, seen.get(i));
        assertTrue(mdc.stream().allMatch("CA1"::equals));
        assertEquals(1, maxRunning.get(), "never two tasks of one call at once");
    }

    @Test
    void offerDropsATaskOnceTheQueueHoldsItsLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        SerialExecutor serial = new SerialExecutor(pool, "CA2");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        serial.execute(() -> { // the call is busy: what comes next waits
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        started.await();
        AtomicInteger ran = new AtomicInteger();
        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            if (serial.offer(ran::incrementAndGet, 4)) accepted++;
        }
        release.countDown();
        CountDownLatch drained = new CountDownLatch(1);
        serial.execute(drained::countDown);
        drained.await();
        pool.shutdown();
        org.junit.jupiter.api.Assertions.assertEquals(4, accepted);
        org.junit.jupiter.api.Assertions.assertEquals(4, ran.get());
    }
}
