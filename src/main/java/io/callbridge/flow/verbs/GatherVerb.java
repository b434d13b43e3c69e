package io.callbridge.flow.verbs;

import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowStep;
import io.callbridge.flow.FlowVerb;
import io.callbridge.flow.FlowVerbs;
import io.callbridge.flow.NestedFlowCall;
import io.callbridge.flow.TwimlAttributes;
import io.callbridge.flow.TwimlException;
import io.callbridge.flow.TwimlNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code <Gather>} with DTMF input: plays its nested {@code <Say>}, {@code <Play>} and {@code <Pause>} (each through
 * its own verb bean; the caller's first key stops them), then collects keys until {@code numDigits} are in, the
 * {@code finishOnKey} (default {@code #}, not part of the digits; empty for none) is pressed, or {@code timeout}
 * seconds (default 5) pass without a key. With digits, {@code action} (default: the current document) is
 * requested with {@code method} (default POST) and {@code Digits} (and {@code FinishedOnKey}); without, the flow
 * goes on with the next verb unless {@code actionOnEmptyResult} is true. Source:
 * https://www.twilio.com/docs/voice/twiml/gather
 */
@ApplicationScoped
public class GatherVerb implements FlowVerb {

    static final Set<String> NESTED = Set.of("Say", "Play", "Pause");
    static final int MAX_DIGITS = 128;
    static final int MAX_TIMEOUT = 600;

    private final FlowVerbs verbs;

    GatherVerb(FlowVerbs verbs) {
        this.verbs = verbs;
    }

    @Override
    public String name() {
        return "Gather";
    }

    @Override
    public CompletionStage<FlowStep> execute(FlowCall call, TwimlNode verb) {
        Settings settings = settings(verb);
        for (TwimlNode child : verb.children()) {
            if (!NESTED.contains(child.name())) {
                throw new TwimlException("<Gather> may hold <Say>, <Play> and <Pause>, not <" + child.name() + ">");
            }
            if (verbs.verb(child.name()).isEmpty()) {
                throw new TwimlException("<" + child.name() + "> in <Gather> is not a verb Callbridge carries out");
            }
        }
        return new Collecting(call, settings, verb.children()).start();
    }

    /** A {@code <Gather>}'s attributes, checked. {@code finishOnKey} is null for none. */
    record Settings(int numDigits, int timeoutSeconds, Character finishOnKey, String action, String method,
                    boolean actionOnEmptyResult) {
    }

    static Settings settings(TwimlNode verb) {
        String input = verb.attribute("input", "dtmf").strip();
        if (!input.equals("dtmf")) {
            throw TwimlAttributes.invalid(verb, "input", "must be dtmf (speech recognition is not supported)");
        }
        int numDigits = TwimlAttributes.integer(verb, "numDigits", Integer.MAX_VALUE, 1, MAX_DIGITS);
        int timeout = TwimlAttributes.integer(verb, "timeout", 5, 1, MAX_TIMEOUT);
        String finish = verb.attribute("finishOnKey", "#");
        if (finish.length() > 1 || (finish.length() == 1 && "0123456789*#".indexOf(finish.charAt(0)) < 0)) {
            throw TwimlAttributes.invalid(verb, "finishOnKey", "must be one of 0-9, * and #, or empty for none");
        }
        String method = TwimlAttributes.method(verb, "method", "POST");
        boolean onEmpty = TwimlAttributes.bool(verb, "actionOnEmptyResult", false);
        String action = verb.attributes().get("action");
        return new Settings(numDigits, timeout, finish.isEmpty() ? null : finish.charAt(0),
                action == null || action.isBlank() ? null : action.strip(), method, onEmpty);
    }

    /** One run of a {@code <Gather>}, on the call's executor. */
    private final class Collecting {
        private final FlowCall call;
        private final Settings settings;
        private final List<TwimlNode> prompts;
        private final NestedFlowCall nested;
        private final CompletableFuture<FlowStep> result = new CompletableFuture<>();
        private final StringBuilder digits = new StringBuilder();
        private boolean listening;
        /** Bumped by every (re)start of the timeout, so that an older timer does nothing. */
        private int timer;

        Collecting(FlowCall call, Settings settings, List<TwimlNode> prompts) {
            this.call = call;
            this.settings = settings;
            this.prompts = prompts;
            this.nested = new NestedFlowCall(call);
        }

        CompletionStage<FlowStep> start() {
            call.onCallerDigit(this::key);
            call.onInterrupt(() -> result.complete(FlowStep.END));
            prompt(0);
            return result;
        }

        private void prompt(int index) {
            if (result.isDone()) return;
            if (nested.interrupted() || index >= prompts.size()) {
                listen();
                return;
            }
            TwimlNode child = prompts.get(index);
            CompletionStage<FlowStep> played;
            try {
                played = verbs.verb(child.name()).orElseThrow().execute(nested, child);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            played.whenComplete((step, error) -> call.session().submit(() -> {
                if (error != null && !nested.interrupted()) {
                    result.completeExceptionally(error);
                } else {
                    prompt(index + 1);
                }
            }));
        }

        /** The prompts are over (or a key stopped them): the timeout runs from now, and again after each key. */
        private void listen() {
            if (listening) return;
            listening = true;
            restartTimer();
        }

        private void restartTimer() {
            int mine = ++timer;
            call.session().after(java.time.Duration.ofSeconds(settings.timeoutSeconds()), () -> {
                if (mine == timer) finish(null);
            });
        }

        private void key(char key) {
            if (result.isDone()) return;
            if (!nested.interrupted()) nested.interrupt(); // the first key stops the prompts
            if (settings.finishOnKey() != null && key == settings.finishOnKey()) {
                finish(key);
                return;
            }
            digits.append(key);
            if (digits.length() >= settings.numDigits()) {
                finish(null);
            } else {
                listening = true;
                restartTimer();
            }
        }

        private void finish(Character finishedOnKey) {
            if (result.isDone()) return;
            timer++;
            if (digits.isEmpty() && !settings.actionOnEmptyResult()) {
                result.complete(FlowStep.NEXT);
                return;
            }
            Map<String, String> parameters = new HashMap<>();
            parameters.put("Digits", digits.toString());
            if (finishedOnKey != null) parameters.put("FinishedOnKey", String.valueOf(finishedOnKey));
            result.complete(new FlowStep.Fetch(settings.action(), settings.method(), parameters));
        }
    }
}
