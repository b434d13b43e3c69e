package io.callbridge.queue;

import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowStep;
import io.callbridge.flow.FlowVerb;
import io.callbridge.flow.TwimlNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code <Leave/>}: takes the caller out of the queue it waits in, so its {@code <Enqueue>} goes on with
 * {@code QueueResult=leave} (its action, or the verb after it). A call in no queue goes on with the next verb.
 * Source: https://www.twilio.com/docs/voice/twiml/leave
 */
@ApplicationScoped
public class LeaveVerb implements FlowVerb {

    private final CallQueues queues;

    LeaveVerb(CallQueues queues) {
        this.queues = queues;
    }

    @Override
    public String name() {
        return "Leave";
    }

    @Override
    public CompletionStage<FlowStep> execute(FlowCall call, TwimlNode verb) {
        queues.leave(call.callSid(), QueueResult.LEAVE);
        return CompletableFuture.completedFuture(FlowStep.NEXT);
    }
}
