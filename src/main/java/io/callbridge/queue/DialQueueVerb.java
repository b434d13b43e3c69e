package io.callbridge.queue;

import io.callbridge.ari.AriBridges;
import io.callbridge.ari.Ownership;
import io.callbridge.call.CallRegistry;
import io.callbridge.call.CallSession;
import io.callbridge.call.DialOutcome;
import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowConfig;
import io.callbridge.flow.FlowStep;
import io.callbridge.flow.FlowVerb;
import io.callbridge.flow.FlowVerbs;
import io.callbridge.flow.NestedFlowCall;
import io.callbridge.flow.TwimlAttributes;
import io.callbridge.flow.TwimlException;
import io.callbridge.flow.TwimlNode;
import io.callbridge.flow.VoiceRequests;
import io.callbridge.flow.verbs.DialVerb;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * {@code <Dial action="" method="POST" timeLimit="14400"><Queue url="" method="POST">name</Queue></Dial>}: takes the
 * front caller out of queue {@code name} ({@code QueueResult=bridged} for it), runs the {@code url}'s TwiML on that
 * caller ({@code <Play>}, {@code <Say>}, {@code <Pause>}: e.g. "you are connected to an agent"; requested with the
 * caller's voice parameters plus {@code QueueSid}, {@code QueueTime} and {@code DequeingCallSid}), then bridges the
 * two calls ({@link QueueBridge}). When the connection ends, the dialling call's flow goes on: {@code action} gets
 * {@code DialCallStatus} ({@code completed}; {@code no-answer} when nobody waits in the queue; {@code failed} when
 * the two could not be bridged), {@code DialCallDuration} and {@code DialCallSid} (the dequeued caller's CallSid),
 * or the next verb without an action. {@link DialVerb} hands a {@code <Dial>} holding a {@code <Queue>} here.
 * Source: https://www.twilio.com/docs/voice/twiml/queue
 */
@ApplicationScoped
public class DialQueueVerb implements FlowVerb {

    private static final Logger LOG = Logger.getLogger(DialQueueVerb.class);

    /** The verbs a {@code <Queue url>} document may hold: it is played to the dequeued caller, who cannot answer. */
    static final Set<String> URL_VERBS = Set.of("Play", "Say", "Pause");

    private final CallQueues queues;
    private final CallRegistry registry;
    private final AriBridges bridges;
    private final Ownership ownership;
    private final VoiceRequests requests;
    private final FlowConfig config;
    private final Instance<FlowVerbs> verbs;
    /** Connections by the dequeued caller's CallSid, so its hang-up ends its connection. */
    private final Map<String, QueueBridge> connected = new ConcurrentHashMap<>();
    private final AtomicInteger serial = new AtomicInteger();

    DialQueueVerb(CallQueues queues, CallRegistry registry, AriBridges bridges, Ownership ownership,
                  VoiceRequests requests, FlowConfig config, Instance<FlowVerbs> verbs) {
        this.queues = queues;
        this.registry = registry;
        this.bridges = bridges;
        this.ownership = ownership;
        this.requests = requests;
        this.config = config;
        this.verbs = verbs; // lazily: FlowVerbs collects this bean too
        registry.whenRemoved(call -> {
            QueueBridge bridge = connected.remove(call.callSid());
            if (bridge != null) bridge.end("the dequeued caller hung up");
        });
    }

    @Override
    public String name() {
        return DialVerb.QUEUE;
    }

    @Override
    public CompletionStage<FlowStep> execute(FlowCall call, TwimlNode dial) {
        List<TwimlNode> nouns = dial.children("Queue");
        if (nouns.size() != 1 || dial.children().size() != 1) {
            throw new TwimlException("<Dial><Queue>: a <Dial> holds one <Queue> and no other noun");
        }
        TwimlNode noun = nouns.getFirst();
        String name = noun.text();
        if (name.isEmpty() || name.length() > EnqueueVerb.MAX_NAME) {
            throw new TwimlException("<Dial><Queue>: the queue's name (the element's text) must have 1 to "
                    + EnqueueVerb.MAX_NAME + " characters");
        }
        String url = noun.attribute("url", "").strip();
        String urlMethod = TwimlAttributes.method(noun, "method", "POST");
        String action = dial.attribute("action", "").strip();
        String method = TwimlAttributes.method(dial, "method", "POST");
        int timeLimit = TwimlAttributes.integer(dial, "timeLimit", 14400, 1, 14400);
        URI callerUrl = url.isEmpty() ? null : absolute(call, noun, url);

        CallSession dialer = call.session();
        Optional<CallQueues.Dequeued> taken = queues.dequeue(name, null, "dial:" + call.callSid());
        CallSession caller = taken.flatMap(t -> registry.byCallSid(t.callSid())).filter(c -> !c.isClosed()).orElse(null);
        if (caller == null) {
            String status = taken.isEmpty() ? DialOutcome.NO_ANSWER : DialOutcome.FAILED;
            return CompletableFuture.completedFuture(after(call, action, method,
                    new DialOutcome(status, 0, taken.map(CallQueues.Dequeued::callSid).orElse(null), null, null)));
        }
        QueueBridge bridge = new QueueBridge(bridges, dialer, caller, "cbq-" + dialer.callSid() + "-" + serial.incrementAndGet());
        connected.put(caller.callSid(), bridge);
        call.onInterrupt(() -> bridge.end("the dialling call hung up or was redirected"));
        Map<String, String> queueParameters = Map.of("QueueSid", CallQueue.sidOf(name),
                "QueueTime", Long.toString(taken.get().waitTime()), "DequeingCallSid", dialer.callSid());
        String marker = ownership.marker(dialer.callSid());
        // After the caller's own exit from the queue (an earlier task on its executor): its music or waitUrl stops first.
        caller.submit(() -> announce(caller, callerUrl, urlMethod, queueParameters)
                .whenComplete((v, e) -> caller.submit(() -> bridge.bridge(marker, Duration.ofSeconds(timeLimit)))));
        return bridge.result.thenApply(outcome -> {
            connected.remove(caller.callSid(), bridge);
            return dialer.isClosed() ? FlowStep.END : after(call, action, method, outcome);
        });
    }

    /** The {@code <Queue url>} document, played to the dequeued caller; completes when it is done or failed. */
    private CompletableFuture<Void> announce(CallSession caller, URI url, String method, Map<String, String> queueParameters) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (url == null || caller.isClosed() || !(caller.flow() instanceof FlowCall callerFlow)) {
            done.complete(null);
            return done;
        }
        NestedFlowCall nested = new NestedFlowCall(callerFlow);
        Map<String, String> form = new LinkedHashMap<>(callerFlow.parameters());
        form.putAll(queueParameters);
        requests.fetch(url, method, form, config.requestTimeout()).whenComplete((document, error) -> caller.submit(() -> {
            if (error != null) {
                LOG.warnf("call %s: the queue's url %s failed (%s): bridging without it", caller.callSid(), url, error.getMessage());
                done.complete(null);
                return;
            }
            play(caller, nested, document.children(), 0, done);
        }));
        return done;
    }

    private void play(CallSession caller, NestedFlowCall call, List<TwimlNode> document, int next, CompletableFuture<Void> done) {
        if (next >= document.size() || caller.isClosed()) {
            done.complete(null);
            return;
        }
        TwimlNode node = document.get(next);
        Optional<FlowVerb> verb = URL_VERBS.contains(node.name()) ? verbs.get().verb(node.name()) : Optional.empty();
        if (verb.isEmpty()) {
            LOG.warnf("call %s: <%s> is not played from a <Queue url> document (only %s)", caller.callSid(), node.name(), URL_VERBS);
            play(caller, call, document, next + 1, done);
            return;
        }
        try {
            verb.get().execute(call, node).whenComplete((step, error) -> caller.submit(() -> play(caller, call, document, next + 1, done)));
        } catch (RuntimeException e) {
            LOG.warnf("call %s: <%s> of the queue's url failed: %s", caller.callSid(), node.name(), e.getMessage());
            play(caller, call, document, next + 1, done);
        }
    }

    private static URI absolute(FlowCall call, TwimlNode noun, String url) {
        try {
            URI resolved = URI.create(call.resolve(url));
            if (!resolved.isAbsolute()) throw new IllegalArgumentException("not absolute (a stored document needs an absolute URL)");
            return resolved;
        } catch (IllegalArgumentException e) {
            throw TwimlAttributes.invalid(noun, "url", e.getMessage());
        }
    }

    private static FlowStep after(FlowCall call, String action, String method, DialOutcome outcome) {
        if (action.isEmpty()) return FlowStep.NEXT;
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("DialCallStatus", outcome.status());
        parameters.put("DialCallDuration", Long.toString(outcome.durationSeconds()));
        if (outcome.dialCallSid() != null) parameters.put("DialCallSid", outcome.dialCallSid());
        return new FlowStep.Fetch(call.resolve(action), method, parameters);
    }
}
