package io.callbridge.queue;

import io.callbridge.ari.AriBridges;
import io.callbridge.call.CallSession;
import io.callbridge.call.DialOutcome;
import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination;
import io.callbridge.call.Termination.Result;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * One {@code <Dial><Queue>} connection: the dialling call and the caller it took out of line, talking in a mixing
 * bridge of their own. It ends when either call hangs up, when the dialling call's flow is taken away (a redirect),
 * or at the Dial's {@code timeLimit}: the bridge goes, the dequeued caller (whose flow ended when it was dequeued)
 * is hung up, and {@link #result} completes with the dial's outcome: {@code completed}, the seconds bridged and the
 * dequeued caller's CallSid as {@code DialCallSid}; {@code failed} when the two could not be bridged.
 */
final class QueueBridge {

    private static final Logger LOG = Logger.getLogger(QueueBridge.class);

    private final AriBridges bridges;
    private final CallSession dialer;
    private final CallSession caller;
    private final String bridgeId;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean created;
    private volatile long bridgedNanos;
    final CompletableFuture<DialOutcome> result = new CompletableFuture<>();

    QueueBridge(AriBridges bridges, CallSession dialer, CallSession caller, String bridgeId) {
        this.bridges = bridges;
        this.dialer = dialer;
        this.caller = caller;
        this.bridgeId = bridgeId;
    }

    String callerSid() {
        return caller.callSid();
    }

    /** On the dequeued caller's executor, after its {@code url} TwiML: the two calls are joined. */
    void bridge(String marker, Duration timeLimit) {
        if (ended.get()) return;
        if (caller.isClosed() || dialer.isClosed()) {
            end("a side hung up before the bridge");
            return;
        }
        try {
            bridges.createMixing(bridgeId, marker);
            created = true;
            bridges.add(bridgeId, dialer.channelId(), caller.channelId());
        } catch (Exception e) {
            LOG.warnf("bridging call %s to queue caller %s failed: %s", dialer.callSid(), caller.callSid(), e.getMessage());
            fail();
            return;
        }
        bridgedNanos = System.nanoTime();
        LOG.infof("call %s dialled its queue and talks to caller %s", dialer.callSid(), caller.callSid());
        dialer.after(timeLimit, () -> end("timeLimit"));
    }

    /**
     * Idempotent, from either call's executor: the bridge goes, the dequeued caller is hung up and the dial
     * completes as {@code completed} (or {@code failed} when the two never talked).
     */
    void end(String why) {
        if (!ended.compareAndSet(false, true)) return;
        destroyBridge();
        if (!caller.isClosed()) {
            caller.submit(() -> caller.hangup(Termination.of(Result.COMPLETED, "the call that dialled its queue ended ("
                    + why + ")"), Reason.NORMAL));
        }
        long nanos = bridgedNanos;
        DialOutcome outcome = nanos == 0
                ? new DialOutcome(DialOutcome.FAILED, 0, caller.callSid(), null, null)
                : new DialOutcome(DialOutcome.COMPLETED, Duration.ofNanos(System.nanoTime() - nanos).toSeconds(),
                        caller.callSid(), caller.from(), 200);
        LOG.infof("call %s: queue connection to %s ended (%s): %s", dialer.callSid(), caller.callSid(), why, outcome.status());
        result.complete(outcome);
    }

    private void fail() {
        end("the bridge could not be made");
    }

    private void destroyBridge() {
        if (!created) return;
        try {
            bridges.destroy(bridgeId); // the dialling call leaves it and stays in Stasis for its flow
        } catch (Exception e) {
            LOG.debugf("destroying bridge %s: %s", bridgeId, e.getMessage());
        }
    }
}
