package io.callbridge.flow;

import io.callbridge.ari.AriEvent;
import io.callbridge.ari.AriEventListener;
import io.callbridge.call.CallActions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Plays audio to a flow's call and tells when it is over (ARI PlaybackFinished): what {@code <Say>}, {@code <Play>}
 * and the error notice wait on. A playback is stopped when the flow is taken from its verb.
 */
@ApplicationScoped
public class FlowPlaybacks implements AriEventListener {

    /** Playback ids of flows start with this (ARI's playbackId, chosen by the app). */
    static final String PREFIX = "flow-";

    private final CallActions actions;
    /** Playbacks running now, by id: completed by their PlaybackFinished, a stop, or a failed start. */
    private final ConcurrentMap<String, CompletableFuture<Void>> playing = new ConcurrentHashMap<>();

    FlowPlaybacks(CallActions actions) {
        this.actions = actions;
    }

    /**
     * Plays {@code media} (an ARI media URI: {@code sound:…}, what {@code PromptMedia} returns) to {@code call}'s
     * caller, on the call's executor. The stage completes when the playback has finished or was stopped (the flow
     * was interrupted, or the caller hung up); exceptionally when ARI refused to start it.
     */
    public CompletionStage<Void> play(FlowCall call, String media) {
        String id = PREFIX + UUID.randomUUID();
        CompletableFuture<Void> done = new CompletableFuture<>();
        playing.put(id, done);
        done.whenComplete((v, e) -> playing.remove(id));
        call.onInterrupt(() -> {
            if (done.complete(null)) actions.stopPlayback(id);
        });
        try {
            actions.play(call.session(), media, id);
        } catch (Exception e) {
            done.completeExceptionally(new IllegalStateException("playing " + media + " failed: " + e.getMessage(), e));
        }
        return done;
    }

    /** ARI's end of a playback (events thread): only completes a future. */
    @Override
    public void onAriEvent(AriEvent event) {
        if (event instanceof AriEvent.PlaybackFinished e && e.playbackId().startsWith(PREFIX)) {
            CompletableFuture<Void> done = playing.get(e.playbackId());
            if (done != null) done.complete(null);
        }
    }
}
