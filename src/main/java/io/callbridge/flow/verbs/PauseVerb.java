package io.callbridge.flow.verbs;

import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowStep;
import io.callbridge.flow.FlowVerb;
import io.callbridge.flow.TwimlAttributes;
import io.callbridge.flow.TwimlNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code <Pause length="1">}: waits {@code length} seconds (default 1; 0 to 3600) in silence. As the first verb of
 * a document it runs before the call is answered, as on Twilio. Source: https://www.twilio.com/docs/voice/twiml/pause
 */
@ApplicationScoped
public class PauseVerb implements FlowVerb {

    static final int MAX_SECONDS = 3600;

    @Override
    public String name() {
        return "Pause";
    }

    @Override
    public CompletionStage<FlowStep> execute(FlowCall call, TwimlNode verb) {
        int seconds = TwimlAttributes.integer(verb, "length", 1, 0, MAX_SECONDS);
        CompletableFuture<FlowStep> done = new CompletableFuture<>();
        if (seconds == 0) return CompletableFuture.completedFuture(FlowStep.NEXT);
        call.onInterrupt(() -> done.complete(FlowStep.NEXT));
        call.session().after(Duration.ofSeconds(seconds), () -> done.complete(FlowStep.NEXT));
        return done;
    }
}
