package io.callbridge.flow.verbs;

import io.callbridge.call.HangupCauses.Reason;
import io.callbridge.call.Termination;
import io.callbridge.call.Termination.Result;
import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowStep;
import io.callbridge.flow.FlowVerb;
import io.callbridge.flow.TwimlNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code <Hangup/>}: ends the call (termination {@code completed}). Source:
 * https://www.twilio.com/docs/voice/twiml/hangup
 */
@ApplicationScoped
public class HangupVerb implements FlowVerb {

    @Override
    public String name() {
        return "Hangup";
    }

    @Override
    public CompletionStage<FlowStep> execute(FlowCall call, TwimlNode verb) {
        call.session().hangup(Termination.of(Result.COMPLETED, "<Hangup>"), Reason.NORMAL);
        return CompletableFuture.completedFuture(FlowStep.END);
    }
}
