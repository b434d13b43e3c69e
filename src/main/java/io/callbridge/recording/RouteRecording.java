package io.callbridge.recording;

import io.callbridge.ari.AriChannels;
import io.callbridge.call.CallAnswered;
import io.callbridge.call.CallControl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.callbridge.call.AgentRoute;
import io.callbridge.call.CallRouting;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Records every answered call of a route whose {@code record} is set: the route's announcement (if any) is
 * played to the caller, and the recording starts with it (so the file holds the notice the caller heard). Runs
 * on a virtual thread of its own, never on the call's executor.
 */
@ApplicationScoped
class RouteRecording {

    private static final Logger LOG = Logger.getLogger(RouteRecording.class);

    private final CallRouting routing;
    private final Recorder recorder;
    private final CallControl calls;
    private final AriChannels channels;
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

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
        }
    }

    private void startIfAsked(CallAnswered answered) {
        try {
            // Routes are read from memory (CallRouting, refreshed on change), never from the database per call.
            Optional<AgentRoute> route = answered.routeNumber() == null ? Optional.empty()
                    : routing.byNumber(answered.routeNumber());
            if (route.isEmpty() || !route.get().record()) {
                recorder.startAsked(answered.callSid(), false); // an outbound call may have asked on its own
                return;
            }
            String announcement = route.get().recordAnnouncement();
            if (announcement != null) {
                calls.live(answered.callSid()).ifPresent(call -> {
                    try {
                        channels.play(call.channelId(), "sound:" + announcement, "cb-ra-" + answered.callSid());
                    } catch (Exception e) {
                        LOG.warnf("playing the recording announcement %s failed: %s", announcement, e.getMessage());
                    }
                });
            }
            recorder.startAsked(answered.callSid(), true);
        } catch (Exception e) {
            LOG.warnf("recording call %s of route %s failed: %s", answered.callSid(), answered.routeNumber(), e.getMessage());
        }
    }
}
