package io.callbridge.call;

import io.callbridge.call.Termination.Result;
import io.callbridge.config.Settings;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Graceful shutdown. On SIGTERM readiness goes DOWN and new calls are refused (503); running calls may
 * finish until the drain timeout (runtime setting {@code calls.drainTimeoutSeconds}, read when the drain
 * starts); the rest are handed over to the next process of this instance, which adopts them, or hung up with
 * termination {@code shutdown} ({@code callbridge.calls.on-drain-timeout}).
 */
@ApplicationScoped
public class CallDrain {

    private static final Logger LOG = Logger.getLogger(CallDrain.class);

    private final CallRegistry registry;
    private final Settings settings;
    private final CallConfig config;
    private volatile boolean draining;

    CallDrain(CallRegistry registry, Settings settings, CallConfig config) {
        this.registry = registry;
        this.settings = settings;
        this.config = config;
    }

    public boolean isDraining() {
        return draining;
    }

    /** Early among shutdown observers: the ARI link closes later (priority 5000). */
    void onShutdown(@Observes @Priority(10) ShutdownEvent shutdown) {
        drain();
    }

    void drain() {
        draining = true;
        Duration timeout = settings.drainTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        LOG.infof("draining: %d call(s) running, up to %d s", registry.size(), timeout.toSeconds());
        while (registry.size() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        var remaining = registry.all();
        if (remaining.isEmpty()) return;
        boolean handOver = config.onDrainTimeout() == CallConfig.DrainTimeoutAction.HANDOVER;
        LOG.infof("drain timeout: %s %d call(s)", handOver ? "handing over" : "hanging up", remaining.size());
        CountDownLatch done = new CountDownLatch(remaining.size());
        for (CallSession call : remaining) {
            call.submit(() -> {
                try {
                    if (handOver) call.handOver();
                    else call.end(Termination.of(Result.SHUTDOWN, "drain timeout"), "still ringing at the drain timeout");
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            done.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
