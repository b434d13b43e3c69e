package io.callbridge.flow.verbs;

import io.callbridge.call.CallActions;
import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowStep;
import io.callbridge.flow.FlowVerb;
import io.callbridge.flow.TwimlAttributes;
import io.callbridge.flow.TwimlNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code <Reject reason="rejected">}: refuses the call without answering it, {@code busy} with 486 Busy Here,
 * {@code rejected} (the default) with 603 Decline; termination {@code busy} or {@code rejected}. Source:
 * https://www.twilio.com/docs/voice/twiml/reject
 */
@ApplicationScoped
public class RejectVerb implements FlowVerb {

    private final CallActions actions;

    RejectVerb(CallActions actions) {
        this.actions = actions;
    }

    @Override
    public String name() {
        return "Reject";
    }

    @Override
    public CompletionStage<FlowStep> execute(FlowCall call, TwimlNode verb) {
        String reason = TwimlAttributes.oneOf(verb, "reason", "rejected", "rejected", "busy");
        actions.reject(call.session(), reason.equals("busy"));
        return CompletableFuture.completedFuture(FlowStep.END);
    }
}
