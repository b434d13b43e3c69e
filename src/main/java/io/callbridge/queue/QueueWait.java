package io.callbridge.queue;

import io.callbridge.call.CallSession;
import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowStep;
import io.callbridge.flow.FlowVerb;
import io.callbridge.flow.FlowVerbs;
import io.callbridge.flow.TwimlNode;
import io.callbridge.flow.VoiceRequests;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The {@code waitUrl} of one caller in line ({@code <Enqueue waitUrl>}): requests the URL with the call's voice
 * parameters and the queue's ({@code QueuePosition}, {@code QueueSid}, {@code QueueTime}, {@code AvgQueueTime},
 * {@code CurrentQueueSize}, {@code MaxQueueSize}), runs the answer's verbs, and requests it again when they are done,
 * until the caller leaves the queue ({@link #stop}). Only the verbs Twilio allows there run: {@link #VERBS}; a
 * {@code <Redirect>} requests its URL instead of the waitUrl for the next round, a {@code <Leave>} takes the caller
 * out of line. A waitUrl that fails (HTTP error, timeout, invalid TwiML, another verb) gives way to music on hold
 * for the rest of the wait: the caller stays in line. Every method runs on the call's executor. Source:
 * https://www.twilio.com/docs/voice/twiml/enqueue ("Attributes: waitUrl").
 */
final class QueueWait implements FlowCall {

    private static final Logger LOG = Logger.getLogger(QueueWait.class);

    /** The verbs a waitUrl document may hold (Twilio's list, less {@code <Gather>} and {@code <Hangup>}). */
    static final Set<String> VERBS = Set.of("Play", "Say", "Pause", "Redirect", "Leave");

    /**
     * The shortest round: a document that plays nothing is requested again after this, not at once, so an empty
     * answer does not turn into a request loop against the customer's server.
     */
    static final Duration MIN_ROUND = Duration.ofSeconds(1);

    private final FlowCall flow;
    private final CallSession session;
    private final FlowVerbs verbs;
    private final VoiceRequests requests;
    private final Duration timeout;
    private final URI waitUrl;
    private final String waitMethod;
    private final Supplier<Map<String, String>> queueParameters;
    private final Consumer<String> failed;
    private final List<Runnable> stops = new ArrayList<>();
    private List<TwimlNode> document = List.of();
    private URI documentUrl;
    private int next;
    private Instant roundStarted = Instant.now();
    private boolean stopped;

    /**
     * @param flow            the caller's flow (its voice parameters)
     * @param queueParameters the queue's parameters as they stand at each request
     * @param failed          what to do, once, when the waitUrl fails (with why): music on hold
     */
    QueueWait(FlowCall flow, FlowVerbs verbs, VoiceRequests requests, Duration timeout, URI waitUrl, String waitMethod,
              Supplier<Map<String, String>> queueParameters, Consumer<String> failed) {
        this.flow = flow;
        this.session = flow.session();
        this.verbs = verbs;
        this.requests = requests;
        this.timeout = timeout;
        this.waitUrl = waitUrl;
        this.waitMethod = waitMethod;
        this.queueParameters = queueParameters;
        this.failed = failed;
    }

    /** Requests the waitUrl for the first time. */
    void start() {
        fetch(waitUrl, waitMethod);
    }

    /** The caller left the queue: the running verb stops and no request follows. */
    void stop() {
        stopped = true;
        runStops();
    }

    private boolean over() {
        return stopped || session.isClosed();
    }

    private void fetch(URI url, String method) {
        if (over()) return;
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
            fail("only http and https URLs are requested: " + url);
            return;
        }
        Map<String, String> form = new LinkedHashMap<>(flow.parameters());
        form.putAll(queueParameters.get());
        roundStarted = Instant.now();
        requests.fetch(url, method, form, timeout).whenComplete((answer, error) -> session.submit(() -> {
            if (over()) return;
            if (error != null) {
                fail(url + ": " + (error.getCause() != null ? error.getCause().getMessage() : error.getMessage()));
                return;
            }
            for (TwimlNode verb : answer.children()) {
                if (!VERBS.contains(verb.name()) || verbs.verb(verb.name()).isEmpty()) {
                    fail(url + ": <" + verb.name() + "> is not allowed in a waitUrl document (only " + VERBS + ")");
                    return;
                }
            }
            document = answer.children();
            documentUrl = url;
            next = 0;
            step();
        }));
    }

    private void step() {
        if (over()) return;
        if (next >= document.size()) { // Twilio requests the waitUrl again once its document is done
            Duration spent = Duration.between(roundStarted, Instant.now());
            if (spent.compareTo(MIN_ROUND) >= 0) {
                fetch(waitUrl, waitMethod);
            } else {
                session.after(MIN_ROUND.minus(spent), () -> fetch(waitUrl, waitMethod));
            }
            return;
        }
        TwimlNode node = document.get(next++);
        FlowVerb verb = verbs.verb(node.name()).orElseThrow(); // checked when the document came
        CompletionStage<FlowStep> stage;
        try {
            stage = verb.execute(this, node);
        } catch (RuntimeException e) {
            fail("<" + node.name() + ">: " + e.getMessage());
            return;
        }
        stage.whenComplete((step, error) -> session.submit(() -> {
            if (over()) return;
            stops.clear();
            if (error != null) {
                fail("<" + node.name() + ">: " + (error.getCause() != null ? error.getCause().getMessage() : error.getMessage()));
            } else if (step instanceof FlowStep.Fetch redirect) {
                URI url;
                try {
                    url = URI.create(resolve(redirect.url()));
                } catch (IllegalArgumentException e) {
                    fail("<Redirect>: not a valid URL: " + redirect.url());
                    return;
                }
                fetch(url, redirect.method());
            } else {
                step();
            }
        }));
    }

    private void fail(String why) {
        if (over()) return;
        stopped = true;
        runStops();
        LOG.warnf("call %s: the queue's waitUrl failed (%s): music on hold instead", session.callSid(), why);
        failed.accept(why);
    }

    private void runStops() {
        List<Runnable> now = List.copyOf(stops);
        stops.clear();
        for (Runnable stop : now) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                LOG.debugf("stopping a waitUrl verb of call %s: %s", session.callSid(), e.getMessage());
            }
        }
    }

    @Override
    public CallSession session() {
        return session;
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>(flow.parameters());
        parameters.putAll(queueParameters.get());
        return parameters;
    }

    /** Relative URLs in a waitUrl document are relative to that document's URL, as on Twilio. */
    @Override
    public String resolve(String url) {
        URI base = documentUrl == null ? waitUrl : documentUrl;
        if (url == null || url.isBlank()) return base.toString();
        return base.resolve(URI.create(url.strip())).toString();
    }

    @Override
    public void onInterrupt(Runnable stop) {
        if (over()) {
            stop.run();
            return;
        }
        stops.add(stop);
    }

    /** Keys pressed while waiting are not collected: a waitUrl document has no {@code <Gather>}. */
    @Override
    public void onCallerDigit(Consumer<Character> key) {
    }
}
