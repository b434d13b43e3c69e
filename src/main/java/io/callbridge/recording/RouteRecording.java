package io.callbridge.recording;

import io.callbridge.ari.AriChannels;
import io.callbridge.ari.AriEvent;
import io.callbridge.ari.AriEventListener;
import io.callbridge.call.AgentRoute;
import io.callbridge.call.CallAnswered;
import io.callbridge.call.CallControl;
import io.callbridge.call.CallRouting;
import io.callbridge.call.CallSession;
import io.callbridge.hold.HoldableMedia;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Records every answered call of a route whose {@code record} is set. With an announcement the recording starts
 * first, then the notice plays to the caller (so the file holds all of it) while the agent's audio is paused both
 * ways (see {@link HoldableMedia#announcing}): what the agent sends meanwhile waits in the playout queue and is
 * played from its start once the notice has finished (ARI PlaybackFinished), failed, or {@link #LONGEST_NOTICE}
 * has passed. Runs on a virtual thread of its own, never on the call's executor.
 */
@ApplicationScoped
class RouteRecording implements AriEventListener {

    private static final Logger LOG = Logger.getLogger(RouteRecording.class);

    /** The longest a notice may hold the agent back: a sound's length is not known beforehand. */
    static final Duration LONGEST_NOTICE = Duration.ofSeconds(30);

    /** How often a wait for the end of a notice looks whether the call is still there. */
    private static final Duration CALL_CHECK = Duration.ofSeconds(1);

    private static final String PLAYBACK_PREFIX = "cb-ra-";

    private final CallRouting routing;
    private final Recorder recorder;
    private final CallControl calls;
    private final AriChannels channels;
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    /** The notices playing now, by playback id: completed by their PlaybackFinished. */
    private final Map<String, CompletableFuture<Void>> playing = new ConcurrentHashMap<>();

    RouteRecording(CallRouting routing, Recorder recorder, CallControl calls, AriChannels channels) {
        this.routing = routing;
        this.recorder = recorder;
        this.calls = calls;
        this.channels = channels;
    }

    void onAnswered(@Observes CallAnswered answered) {
        try {
            work.execute(() -> startIfAsked(answered));
        } catch (RejectedExecutionException e) {
            LOG.debug("not recording: the app is stopping");
            announced(answered.callSid());
        }
    }

    /** ARI's end of a playback (events thread). */
    @Override
    public void onAriEvent(AriEvent event) {
        if (event instanceof AriEvent.PlaybackFinished e && e.playbackId().startsWith(PLAYBACK_PREFIX)) {
            CompletableFuture<Void> notice = playing.get(e.playbackId());
            if (notice != null) notice.complete(null);
        }
    }

    private void startIfAsked(CallAnswered answered) {
        String callSid = answered.callSid();
        try {
            // Routes are read from memory (CallRouting, refreshed on change), never from the database per call.
            Optional<AgentRoute> route = answered.routeNumber() == null ? Optional.empty()
                    : routing.byNumber(answered.routeNumber());
            if (route.isEmpty() || !route.get().record()) {
                recorder.startAsked(callSid, false); // an outbound call may have asked on its own
                return;
            }
            recorder.startAsked(callSid, true);
            String announcement = route.get().recordAnnouncement();
            if (announcement != null) calls.live(callSid).ifPresent(call -> announce(call, announcement));
        } catch (Exception e) {
            LOG.warnf("recording call %s of route %s failed: %s", callSid, answered.routeNumber(), e.getMessage());
        } finally {
            announced(callSid); // whatever happened, the agent is never left paused by the notice
        }
    }

    /** Plays the notice to the caller and returns once it is over, failed, the call ended or the bound passed. */
    private void announce(CallSession call, String announcement) {
        String playbackId = PLAYBACK_PREFIX + call.callSid();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        playing.put(playbackId, finished);
        try {
            channels.play(call.channelId(), "sound:" + announcement, playbackId);
            long deadline = System.nanoTime() + LONGEST_NOTICE.toNanos();
            while (!call.isClosed()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warnf("the recording announcement %s of call %s did not end within %s: the agent goes on",
                            announcement, call.callSid(), LONGEST_NOTICE);
                    return;
                }
                try {
                    finished.get(Math.min(left, CALL_CHECK.toNanos()), TimeUnit.NANOSECONDS);
                    return;
                } catch (TimeoutException e) {
                    // look again whether the call is still there
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("playing the recording announcement %s failed: %s", announcement, e.getMessage());
        } finally {
            playing.remove(playbackId);
        }
    }

    /** Ends the notice's pause of the call's agent, on the call's executor (in order with holds). */
    private void announced(String callSid) {
        calls.live(callSid).ifPresent(call -> call.submit(() -> {
            HoldableMedia media = call.holdableMedia();
            if (!call.isClosed() && media != null && media.announcing()) media.announced();
        }));
    }
}
