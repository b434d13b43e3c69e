package io.callbridge.queue;

import io.callbridge.ari.AriChannels;
import io.callbridge.call.CallSession;
import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowConfig;
import io.callbridge.flow.FlowStep;
import io.callbridge.flow.FlowVerb;
import io.callbridge.flow.FlowVerbs;
import io.callbridge.flow.TwimlAttributes;
import io.callbridge.flow.TwimlException;
import io.callbridge.flow.TwimlNode;
import io.callbridge.flow.VoiceRequests;
import io.callbridge.queue.CallQueue.Exit;
import io.callbridge.queue.CallQueue.Waiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * {@code <Enqueue maxQueueSize="100" action="" method="POST" waitUrl="" waitUrlMethod="POST">name</Enqueue>}: puts
 * the caller in line in queue {@code name} (1 to 64 characters), where the caller hears the {@code waitUrl}'s TwiML
 * in a loop ({@link QueueWait}) or, without one, the route's music on hold until dequeued
 * ({@code POST /api/queues/{name}/dequeue}), taken out by {@code <Leave>}, or hangs up. Then {@code action} is
 * requested with {@code QueueResult} ({@link QueueResult}), {@code QueueSid} and {@code QueueTime} (seconds
 * waited); without action the flow goes on with the next verb. A caller handed on by a dequeue has left the flow
 * (its new leg or TwiML takes over), so no action is requested then (docs/flows.md, "Queues"). Source:
 * https://www.twilio.com/docs/voice/twiml/enqueue
 */
@ApplicationScoped
public class EnqueueVerb implements FlowVerb {

    private static final Logger LOG = Logger.getLogger(EnqueueVerb.class);

    /** Twilio's limit on a queue's friendly name. */
    static final int MAX_NAME = 64;

    private final CallQueues queues;
    private final AriChannels channels;
    private final Instance<FlowVerbs> verbs;
    private final VoiceRequests requests;
    private final FlowConfig config;

    EnqueueVerb(CallQueues queues, AriChannels channels, Instance<FlowVerbs> verbs, VoiceRequests requests,
                FlowConfig config) {
        this.queues = queues;
        this.channels = channels;
        this.verbs = verbs; // lazily: FlowVerbs collects this bean too
        this.requests = requests;
        this.config = config;
    }

    @Override
    public String name() {
        return "Enqueue";
    }

    @Override
    public CompletionStage<FlowStep> execute(FlowCall call, TwimlNode verb) {
        String name = verb.text();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new TwimlException("<Enqueue>: the queue's name (the element's text) must have 1 to " + MAX_NAME
                    + " characters");
        }
        int maxSize = TwimlAttributes.integer(verb, "maxQueueSize", CallQueues.DEFAULT_MAX_SIZE, 1, CallQueues.MAX_SIZE);
        String action = verb.attribute("action", null);
        String method = TwimlAttributes.method(verb, "method", "POST");
        String waitMethod = TwimlAttributes.method(verb, "waitUrlMethod", "POST");
        URI waitUrl = waitUrl(call, verb);
        CallSession session = call.session();
        Optional<Waiter> joined = queues.join(name, call.callSid(), maxSize);
        if (joined.isEmpty()) {
            return CompletableFuture.completedFuture(after(action, method, name, QueueResult.QUEUE_FULL, Duration.ZERO));
        }
        LOG.debugf("call %s joined queue %s at %d", call.callSid(), name, queues.position(name, call.callSid()));
        CompletableFuture<FlowStep> done = new CompletableFuture<>();
        Runnable music = () -> {
            try {
                channels.startMoh(session.channelId(), session.mohClass());
            } catch (Exception e) {
                LOG.warnf("call %s: music on hold for queue %s failed: %s", call.callSid(), name, e.getMessage());
                queues.leave(call.callSid(), QueueResult.ERROR);
            }
        };
        QueueWait wait = waitUrl == null ? null : new QueueWait(call, verbs.get(), requests, config.requestTimeout(),
                waitUrl, waitMethod, () -> queues.waitParameters(name, call.callSid(), maxSize), why -> music.run());
        // A hang-up abandons the queue; a redirect of the call moves it elsewhere. Either way the flow has moved on.
        call.onInterrupt(() -> queues.leave(call.callSid(),
                session.isClosed() ? QueueResult.HANGUP : QueueResult.REDIRECTED));
        joined.get().exit().thenAccept(exit -> session.submit(() -> {
            if (wait != null) wait.stop();
            done.complete(left(session, exit, action, method, name));
        }));
        if (wait != null) {
            wait.start();
        } else {
            music.run();
        }
        return done;
    }

    /** The {@code waitUrl} made absolute against the running document; null when there is none (music on hold). */
    private static URI waitUrl(FlowCall call, TwimlNode verb) {
        String given = verb.attribute("waitUrl", "").strip();
        if (given.isEmpty()) return null;
        try {
            URI url = URI.create(call.resolve(given));
            if (!url.isAbsolute()) throw new IllegalArgumentException("not absolute (a stored document needs an absolute URL)");
            return url;
        } catch (IllegalArgumentException e) {
            throw TwimlAttributes.invalid(verb, "waitUrl", e.getMessage());
        }
    }

    /** On the call's executor, once the caller is out of line: the music stops, and the flow goes on. */
    private FlowStep left(CallSession session, Exit exit, String action, String method, String name) {
        if (session.isClosed() || exit.result() == QueueResult.HANGUP) return FlowStep.END;
        try {
            channels.stopMoh(session.channelId());
        } catch (Exception e) {
            LOG.warnf("call %s: stopping the music of queue %s failed: %s", session.callSid(), name, e.getMessage());
        }
        if (exit.result() == QueueResult.BRIDGED || exit.result() == QueueResult.REDIRECTED) return FlowStep.END;
        return after(action, method, name, exit.result(), exit.waited());
    }

    private static FlowStep after(String action, String method, String name, QueueResult result, Duration waited) {
        if (action == null || action.isBlank()) return FlowStep.NEXT;
        return new FlowStep.Fetch(action, method, Map.of("QueueResult", result.code(), "QueueSid", CallQueue.sidOf(name),
                "QueueTime", Long.toString(waited.toSeconds())));
    }
}
