package io.callbridge.flow.verbs;

import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowStep;
import io.callbridge.flow.FlowVerb;
import io.callbridge.flow.TwimlAttributes;
import io.callbridge.flow.TwimlNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code <Say voice language loop>text</Say>}: speaks the text to the caller, {@code loop} times (default 1;
 * 0 repeats it {@link #LOOP_FOREVER} times, Twilio's "until the call ends"). Speech comes from
 * {@link io.callbridge.prompt.PromptMedia#speech}; voices map as docs/flows.md says. An empty {@code <Say>} does
 * nothing. Source: https://www.twilio.com/docs/voice/twiml/say
 */
@ApplicationScoped
public class SayVerb implements FlowVerb {

    static final int MAX_LOOP = 1000;
    static final int LOOP_FOREVER = 1000;

    private final PromptPlayer player;

    SayVerb(PromptPlayer player) {
        this.player = player;
    }

    @Override
    public String name() {
        return "Say";
    }

    @Override
    public CompletionStage<FlowStep> execute(FlowCall call, TwimlNode verb) {
        int loop = TwimlAttributes.integer(verb, "loop", 1, 0, MAX_LOOP);
        String text = verb.text();
        if (text.isBlank()) return CompletableFuture.completedFuture(FlowStep.NEXT);
        String voice = verb.attributes().get("voice");
        String language = verb.attributes().get("language");
        return player.play(call, "<Say>", prompts -> prompts.speech(text, voice, language),
                loop == 0 ? LOOP_FOREVER : loop);
    }
}
