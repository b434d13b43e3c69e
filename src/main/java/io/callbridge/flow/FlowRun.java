package io.callbridge.flow;

import io.callbridge.call.CallFlow;
import io.callbridge.call.CallSession;
import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.RouteFlow;
import io.callbridge.call.Termination;
import io.callbridge.call.Termination.Result;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The interpreter of one call's flow: runs a TwiML document verb by verb on the call's executor, loads the next
 * document when a verb asks ({@link FlowStep.Fetch}) or the API redirects the call, routes the caller's keys to
 * the running verb, and hangs up after the last verb (Twilio's behaviour). Every method runs on the call's
 * executor; a verb's stage may complete on any thread and is handed back to it. A stage that completes after the
 * flow moved on (a redirect, the call's end) is ignored: each verb runs under a generation number.
 */
final class FlowRun implements FlowCall, CallFlow {

    private static final Logger LOG = Logger.getLogger(FlowRun.class);

    /**
     * Verbs that run without answering the call: Twilio refuses with {@code <Reject>} before answering, waits
     * before answering for a {@code <Pause>} that comes first, and fetches a {@code <Redirect>}'s document first.
     * A {@code <Hangup>} answers and hangs up, as on Twilio.
     */
    static final Set<String> BEFORE_ANSWER = Set.of("Reject", "Redirect", "Pause");

    /** Twilio's API version, sent as {@code ApiVersion}. */
    static final String API_VERSION = "2010-04-01";

    private final CallSession call;
    private final Flows flows;
    private final Duration timeout;
    private List<TwimlNode> verbs = List.of();
    private int next;
    /** The URL the running document came from; null for a stored document. */
    private URI documentUrl;
    /** The running document when it was stored (route or API): what a Fetch with no URL runs again. */
    private TwimlNode storedDocument;
    private int documents;
    private int generation;
    private final List<Runnable> interrupts = new ArrayList<>();
    private Consumer<Character> digits;
    private boolean over;

    FlowRun(CallSession call, Flows flows, Duration timeout) {
        this.call = call;
        this.flows = flows;
        this.timeout = timeout;
    }

    /** Starts the route's flow: its stored document, or its voice URL (then the fallback URL if that fails). */
    void start(RouteFlow flow) {
        if (flow.twiml() != null) {
            runStored(flow.twiml());
        } else {
            fetch(flow.voiceUrl(), flow.voiceMethod(), Map.of(), flow.voiceFallbackUrl(), flow.voiceFallbackMethod());
        }
    }

    /** Takes the call from whatever it does now (a verb, an agent's stream) to {@code twiml} or {@code url}. */
    void redirect(String twiml, String url, String method) {
        interrupt();
        flows.actions().disconnectAgent(call);
        over = false;
        if (twiml != null) {
            runStored(twiml);
        } else {
            fetch(URI.create(url), method == null ? "POST" : method, Map.of(), null, null);
        }
    }

    private void runStored(String twiml) {
        TwimlNode document;
        try {
            document = TwimlParser.parse(twiml);
        } catch (TwimlException e) {
            fail("stored", e.getMessage());
            return;
        }
        load(document, null);
    }

    private void load(TwimlNode document, URI url) {
        if (++documents > flows.config().maxDocuments()) {
            fail(url == null ? "stored" : url.toString(), "more than " + flows.config().maxDocuments()
                    + " TwiML documents in one call (a redirect loop?)");
            return;
        }
        for (TwimlNode verb : document.children()) {
            if (flows.verbs().verb(verb.name()).isEmpty()) {
                fail(url == null ? "stored" : url.toString(), "<" + verb.name() + "> is not a TwiML verb Callbridge "
                        + "carries out (docs/flows.md)");
                return;
            }
        }
        verbs = document.children();
        next = 0;
        documentUrl = url;
        storedDocument = url == null ? document : null;
        step();
    }

    /** Runs the next verb, or hangs up after the last one. */
    private void step() {
        if (over || call.isClosed()) return;
        if (next >= verbs.size()) {
            over = true;
            call.hangup(Termination.of(Result.COMPLETED, "the TwiML document ended"), Reason.NORMAL);
            return;
        }
        TwimlNode node = verbs.get(next++);
        FlowVerb verb = flows.verbs().verb(node.name()).orElseThrow(); // checked when the document was loaded
        if (!BEFORE_ANSWER.contains(node.name()) && !flows.actions().answer(call)) return;
        int running = ++generation;
        LOG.debugf("call %s: <%s> (verb %d of %d)", call.callSid(), node.name(), next, verbs.size());
        CompletionStage<FlowStep> stage;
        try {
            stage = verb.execute(this, node);
        } catch (RuntimeException e) {
            verbFailed(node, e);
            return;
        }
        stage.whenComplete((step, error) -> call.submit(() -> {
            LOG.debugf("call %s: <%s> done: %s", call.callSid(), node.name(), error != null ? error : step);
            if (running != generation || over || call.isClosed()) return; // the flow has moved on
            interrupts.clear();
            digits = null;
            if (error != null) {
                verbFailed(node, error);
            } else {
                take(step == null ? FlowStep.NEXT : step);
            }
        }));
    }

    private void take(FlowStep step) {
        switch (step) {
            case FlowStep.Next n -> step();
            case FlowStep.End e -> over = true;
            case FlowStep.Fetch f -> {
                if (f.url() == null || f.url().isBlank()) {
                    if (storedDocument != null) {
                        load(storedDocument, null); // no action on a stored document: it runs again
                    } else {
                        fetch(documentUrl, f.method(), f.parameters(), null, null);
                    }
                    return;
                }
                URI url;
                try {
                    url = URI.create(resolve(f.url()));
                } catch (IllegalArgumentException e) {
                    fail(f.url(), "not a valid URL: " + e.getMessage());
                    return;
                }
                fetch(url, f.method(), f.parameters(), null, null);
            }
        }
    }

    private void fetch(URI url, String method, Map<String, String> extra, URI fallback, String fallbackMethod) {
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
            fail(url.toString(), "only http and https URLs are requested");
            return;
        }
        int waiting = ++generation;
        Map<String, String> form = new HashMap<>(parameters());
        form.putAll(extra);
        flows.requests().fetch(url, method == null ? "POST" : method, form, timeout)
                .whenComplete((document, error) -> call.submit(() -> {
                    if (waiting != generation || over || call.isClosed()) return;
                    if (error == null) {
                        load(document, url);
                    } else if (fallback != null) {
                        LOG.warnf("call %s: %s; trying the fallback URL", call.callSid(), reason(error));
                        fetch(fallback, fallbackMethod, extra, null, null);
                    } else {
                        fail(url.toString(), reason(error));
                    }
                }));
    }

    private void verbFailed(TwimlNode node, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String reason = cause instanceof TwimlException ? cause.getMessage()
                : "<" + node.name() + "> failed: " + cause.getMessage();
        if (!(cause instanceof TwimlException)) LOG.warnf(cause, "call %s: <%s> failed", call.callSid(), node.name());
        fail(documentUrl == null ? "stored" : documentUrl.toString(), reason);
    }

    private static String reason(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getMessage();
    }

    /** Plays the error notice, then applies the route's failure policy (flows.md, "When a flow fails"). */
    private void fail(String source, String reason) {
        interrupt();
        over = true;
        if (call.isClosed()) return;
        String notice = flows.config().errorNotice();
        if (notice.isBlank() || FlowConfig.NO_NOTICE.equals(notice) || !flows.actions().answer(call)) {
            flows.actions().flowFailed(call, source, reason);
            return;
        }
        int failing = generation;
        Runnable policy = () -> {
            if (failing == generation && !call.isClosed()) {
                generation++;
                flows.actions().flowFailed(call, source, reason);
            }
        };
        call.after(flows.config().errorNoticeLimit(), policy);
        flows.playbacks().play(this, notice).whenComplete((v, e) -> call.submit(policy));
    }

    /** Stops the running verb (its interrupt handlers) and forgets its key receiver. */
    private void interrupt() {
        generation++;
        digits = null;
        List<Runnable> now = List.copyOf(interrupts);
        interrupts.clear();
        for (Runnable stop : now) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                LOG.warnf("stopping a verb of call %s failed: %s", call.callSid(), e.getMessage());
            }
        }
    }

    @Override
    public void callerDigit(char digit) {
        Consumer<Character> key = digits;
        if (key != null && !over) key.accept(digit);
    }

    @Override
    public void ended() {
        over = true;
        interrupt();
    }

    @Override
    public CallSession session() {
        return call;
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("CallSid", call.callSid());
        p.put("AccountSid", flows.accountSid());
        p.put("From", nullToEmpty(call.from()));
        p.put("To", nullToEmpty(call.to()));
        p.put("Caller", nullToEmpty(call.from()));
        p.put("Called", nullToEmpty(call.to()));
        p.put("CallStatus", call.isClosed() ? "completed" : call.isAnswered() ? "in-progress" : "ringing");
        p.put("Direction", switch (call.direction()) {
            case INBOUND -> "inbound";
            case OUTBOUND -> "outbound-api";
        });
        p.put("ApiVersion", API_VERSION);
        return p;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String resolve(String url) {
        if (url == null || url.isBlank()) return documentUrl == null ? null : documentUrl.toString();
        URI given = URI.create(url.strip());
        if (given.isAbsolute() || documentUrl == null) return given.toString();
        return documentUrl.resolve(given).toString();
    }

    @Override
    public void onInterrupt(Runnable stop) {
        interrupts.add(stop);
    }

    @Override
    public void onCallerDigit(Consumer<Character> key) {
        digits = key;
    }
}
