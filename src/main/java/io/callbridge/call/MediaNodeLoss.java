package io.callbridge.call;

import io.callbridge.ari.AriConnection;
import io.callbridge.ari.AriLink;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Ends this instance's calls when its Asterisk node is gone for good. While ARI is away the calls are kept (a
 * reconnect adopts them: {@link CallRecovery}); once the link has been down for
 * {@link CallConfig#mediaNodeLostAfter()} without coming back, the node is taken as lost (killed, crashed, cut off)
 * and every call this process holds ends with termination {@code media_node_lost}, its CDR closed by this
 * instance, the owner, which is the only one that knows the call is gone. The channels are not hung up: there is
 * no node left to ask. If the node comes back later with some of those channels alive, the reconnect removes them
 * as channels that belong to no live call.
 */
@ApplicationScoped
public class MediaNodeLoss {

    private static final Logger LOG = Logger.getLogger(MediaNodeLoss.class);

    private final CallRegistry registry;
    private final AriConnection ari;
    private final Duration after;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("media-node-loss").daemon().factory());
    private ScheduledFuture<?> pending;

    MediaNodeLoss(CallRegistry registry, AriConnection ari, CallConfig config) {
        this.registry = registry;
        this.ari = ari;
        this.after = config.mediaNodeLostAfter();
    }

    synchronized void onDown(@Observes AriLink.Down down) {
        if (pending != null && !pending.isDone()) return; // the first loss counts; reconnect attempts fail again
        try {
            pending = timer.schedule(this::giveUp, after.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the app is stopping: its link goes down on purpose
        }
    }

    synchronized void onUp(@Observes AriLink.Up up) {
        if (pending != null) pending.cancel(false);
        pending = null;
    }

    void stop(@Observes ShutdownEvent shutdown) {
        timer.shutdownNow();
    }

    private void giveUp() {
        if (ari.isConnected()) return;
        var calls = registry.all();
        LOG.warnf("the media node has been unreachable over ARI for %d s: ending %d call(s) as media_node_lost",
                after.toSeconds(), calls.size());
        Termination lost = Termination.of(Termination.Result.MEDIA_NODE_LOST,
                "media node unreachable for " + after.toSeconds() + " s");
        for (CallSession call : calls) call.submit(() -> call.channelGone(lost));
    }
}
