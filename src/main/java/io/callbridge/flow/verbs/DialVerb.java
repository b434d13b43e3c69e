package io.callbridge.flow.verbs;

import io.callbridge.call.DialOutcome;
import io.callbridge.call.DialRequest;
import io.callbridge.call.Dials;
import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowStep;
import io.callbridge.flow.FlowVerb;
import io.callbridge.flow.FlowVerbs;
import io.callbridge.flow.TwimlAttributes;
import io.callbridge.flow.TwimlException;
import io.callbridge.flow.TwimlNode;
import io.callbridge.recording.Recorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * {@code <Dial>}: rings its {@code <Number>}s and {@code <Sip>}s (or the number given as its text) at once; the first
 * to answer is bridged to the caller, the others are cancelled ({@link Dials}). Attributes: {@code timeout} (ring
 * seconds, default 30, 5 to 600), {@code callerId}, {@code timeLimit} (seconds, default 14400), {@code action} and
 * {@code method} (POST): when the dial ends the action gets {@code DialCallStatus}, {@code DialCallDuration} and
 * {@code DialCallSid}; without an action the flow goes on with the next verb. {@code record} records the dialled
 * call ({@link DialRecording}). {@code <Dial><Queue>} is carried out by the bean named {@link #QUEUE}. Source:
 * https://www.twilio.com/docs/voice/twiml/dial; docs/flows.md lists where Callbridge differs
 * ({@code answerOnBridge}, recordings always two channels).
 */
@ApplicationScoped
public class DialVerb implements FlowVerb {

    /**
     * The {@link FlowVerb#name()} of the bean that carries out a {@code <Dial>} holding a {@code <Queue>} (queue/):
     * not a valid XML name, so no document can call it by itself.
     */
    public static final String QUEUE = "Dial/Queue";

    static final int DEFAULT_TIMEOUT = 30;
    static final int MIN_TIMEOUT = 5;
    static final int MAX_TIMEOUT = 600;
    static final int MAX_TIME_LIMIT = 14400;

    /** A number as {@code <Number>} takes it: E.164 or a short local number, optionally with a leading +. */
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9*#]{2,32}");
    private static final Pattern VISUAL_SEPARATORS = Pattern.compile("[\\s().-]");

    private final Dials dials;
    private final Instance<FlowVerbs> verbs;
    private final Recorder recorder;

    DialVerb(Dials dials, Instance<FlowVerbs> verbs, Recorder recorder) {
        this.dials = dials;
        this.recorder = recorder;
        this.verbs = verbs; // lazily: FlowVerbs collects this bean too
    }

    @Override
    public String name() {
        return "Dial";
    }

    @Override
    public CompletionStage<FlowStep> execute(FlowCall call, TwimlNode verb) {
        if (!verb.children("Queue").isEmpty()) {
            FlowVerb queue = verbs.get().verb(QUEUE)
                    .orElseThrow(() -> new TwimlException("<Dial><Queue>: queues are not available in this build"));
            return queue.execute(call, verb);
        }
        DialRequest request = request(verb);
        String action = verb.attributes().get("action");
        String method = TwimlAttributes.method(verb, "method", "POST");
        DialRecording recording = DialRecording.of(recorder, call, verb);
        call.onInterrupt(() -> dials.cancel(call.session()));
        recording.dialing();
        return dials.dial(call.session(), request, recording::answered).thenApply(outcome -> {
            recording.ended();
            if (call.session().isClosed()) return FlowStep.END;
            if (action == null || action.isBlank()) return FlowStep.NEXT;
            return new FlowStep.Fetch(call.resolve(action.strip()), method, parameters(outcome));
        });
    }

    /** Twilio's action parameters for {@code outcome}. */
    static Map<String, String> parameters(DialOutcome outcome) {
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        parameters.put("DialCallStatus", outcome.status());
        parameters.put("DialCallDuration", Long.toString(outcome.durationSeconds()));
        if (outcome.dialCallSid() != null) parameters.put("DialCallSid", outcome.dialCallSid());
        return parameters;
    }

    /** Reads and checks the verb: every error names the element and the attribute or noun. */
    static DialRequest request(TwimlNode verb) {
        int timeout = TwimlAttributes.integer(verb, "timeout", DEFAULT_TIMEOUT, 1, MAX_TIMEOUT);
        timeout = Math.max(MIN_TIMEOUT, timeout); // Twilio raises a shorter timeout to its minimum
        int timeLimit = TwimlAttributes.integer(verb, "timeLimit", MAX_TIME_LIMIT, 1, MAX_TIME_LIMIT);
        DialRecording.check(verb);
        TwimlAttributes.bool(verb, "answerOnBridge", false); // the flow answered already: nothing more to do
        String callerId = verb.attributes().get("callerId");
        List<String> targets = new ArrayList<>();
        for (TwimlNode noun : verb.children()) {
            switch (noun.name()) {
                case "Number" -> targets.add(number(noun.text(), "<Dial><Number>"));
                case "Sip" -> targets.add(sip(noun.text()));
                default -> throw new TwimlException("<Dial><" + noun.name() + ">: not supported");
            }
        }
        if (targets.isEmpty() && !verb.text().isBlank()) targets.add(number(verb.text(), "<Dial>"));
        if (targets.isEmpty()) throw new TwimlException("<Dial>: nothing to dial (a number, <Number> or <Sip>)");
        return new DialRequest(targets, callerId == null || callerId.isBlank() ? null : callerId.strip(),
                Duration.ofSeconds(timeout), Duration.ofSeconds(timeLimit));
    }

    private static String number(String text, String where) {
        String number = VISUAL_SEPARATORS.matcher(text).replaceAll("");
        if (!NUMBER.matcher(number).matches()) throw new TwimlException(where + ": \"" + text + "\" is not a phone number");
        return number;
    }

    private static String sip(String text) {
        String uri = text.strip();
        String lower = uri.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("sip:") || lower.startsWith("sips:")) || uri.length() < 6 || uri.contains(" ")) {
            throw new TwimlException("<Dial><Sip>: \"" + text + "\" is not a SIP URI");
        }
        return uri;
    }
}
