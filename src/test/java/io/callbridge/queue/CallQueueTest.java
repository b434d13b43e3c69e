package io.callbridge.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One queue's line and figures, driven with fixed instants (no calls, no clock). */
class CallQueueTest {

    private static final Instant T0 = Instant.parse("2026-11-30T19:00:00Z");

    @Test
    void callersKeepTheirOrderAndMoveUpWhenOneAheadLeaves() {
        CallQueue queue = new CallQueue("support");
        queue.join("CA1", 10, T0);
        queue.join("CA2", 10, T0.plusSeconds(5));
        queue.join("CA3", 10, T0.plusSeconds(9));
        assertEquals(List.of(1, 2, 3), queue.view(T0.plusSeconds(10)).members().stream().map(QueueView.Member::position).toList());
        assertEquals(List.of(10L, 5L, 1L), queue.view(T0.plusSeconds(10)).members().stream().map(QueueView.Member::waitTime).toList());

        queue.leave("CA2", QueueResult.HANGUP, null, T0.plusSeconds(20));
        QueueView view = queue.view(T0.plusSeconds(20));
        assertEquals(List.of("CA1", "CA3"), view.members().stream().map(QueueView.Member::callSid).toList());
        assertEquals(2, queue.position("CA3"));
        assertEquals(1, view.abandoned());
        assertEquals(20, view.longestWaitTime());
    }

    @Test
    void aDequeueTakesTheFrontAndCountsItsWaitInTheAverage() throws Exception {
        CallQueue queue = new CallQueue("sales");
        CallQueue.Waiter first = queue.join("CA1", 10, T0).orElseThrow();
        queue.join("CA2", 10, T0.plusSeconds(10));
        CallQueue.Exit exit = queue.leave(null, QueueResult.BRIDGED, "+14155550123", T0.plusSeconds(30)).orElseThrow();
        assertEquals(30, exit.waited().toSeconds());
        assertTrue(first.exit().isDone(), "the waiter hears that it left");
        assertEquals("+14155550123", first.exit().get().target());
        queue.leave(null, QueueResult.BRIDGED, "sip:desk@example.com", T0.plusSeconds(60));
        QueueView view = queue.view(T0.plusSeconds(60));
        assertEquals(40, view.averageWaitTime(), "(30 + 50) / 2");
        assertEquals(2, view.dequeued());
        assertEquals(0, view.currentSize());
        assertTrue(queue.leave(null, QueueResult.BRIDGED, "x", T0.plusSeconds(61)).isEmpty(), "nobody left to take");
    }

    @Test
    void aFullQueueTurnsTheNextCallerAwayAndAJoinIsIdempotent() {
        CallQueue queue = new CallQueue("small");
        assertTrue(queue.join("CA1", 1, T0).isPresent());
        assertFalse(queue.join("CA2", 1, T0).isPresent());
        assertTrue(queue.join("CA1", 1, T0).isPresent(), "the caller already in line keeps its place");
        assertEquals(1, queue.view(T0).joined());
        assertEquals(0, queue.position("CA2"));
    }

    @Test
    void theQueueSidIsDerivedFromTheName() {
        assertEquals(CallQueue.sidOf("support"), new CallQueue("support").sid());
        assertTrue(CallQueue.sidOf("support").matches("QU[0-9a-f]{32}"));
        assertFalse(CallQueue.sidOf("support").equals(CallQueue.sidOf("sales")));
    }
}
