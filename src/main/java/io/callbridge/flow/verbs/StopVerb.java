package io.callbridge.flow.verbs;

import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowStep;
import io.callbridge.flow.FlowVerb;
import io.callbridge.flow.TwimlException;
import io.callbridge.flow.TwimlNode;
import io.callbridge.fork.ForkRefusedException;
import io.callbridge.fork.StreamForks;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * {@code <Stop><Stream name="…"/></Stop>}: stops the call's fork of that name (its listener gets {@code stop}), or
 * every fork of the call when the {@code <Stream>} has no name; then the next verb. A name with no live fork is
 * logged, not an error. Source: https://www.twilio.com/docs/voice/twiml/stream#stop-a-stream
 */
@ApplicationScoped
public class StopVerb implements FlowVerb {

    private static final Logger LOG = Logger.getLogger(StopVerb.class);

    private final StreamForks forks;

    StopVerb(StreamForks forks) {
        this.forks = forks;
    }

    @Override
    public String name() {
        return "Stop";
    }

    @Override
    public CompletionStage<FlowStep> execute(FlowCall call, TwimlNode verb) {
        List<TwimlNode> streams = verb.children("Stream");
        if (streams.size() != 1 || verb.children().size() != 1) {
            throw new TwimlException("<Stop> must hold exactly one <Stream> (other nouns are not supported)");
        }
        String name = streams.getFirst().attributes().get("name");
        if (name == null || name.isBlank()) {
            forks.stopAll(call.callSid());
        } else {
            try {
                forks.stop(call.callSid(), name.strip());
            } catch (ForkRefusedException e) {
                LOG.infof("call %s: <Stop><Stream name=\"%s\">: %s", call.callSid(), name, e.getMessage());
            }
        }
        return CompletableFuture.completedFuture(FlowStep.NEXT);
    }
}
