package io.callbridge.flow.verbs;

import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowStep;
import io.callbridge.flow.FlowVerb;
import io.callbridge.flow.TwimlAttributes;
import io.callbridge.flow.TwimlException;
import io.callbridge.flow.TwimlNode;
import io.callbridge.fork.ForkRequest;
import io.callbridge.fork.StreamForks;
import io.callbridge.fork.StreamTrack;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * {@code <Start><Stream url name track><Parameter name value/></Stream></Start>}: forks the call's audio one way to a
 * listener ({@link StreamForks}) and goes on with the next verb at once. Invalid attributes fail the flow, as any
 * bad TwiML; a fork that cannot start (too many, a taken name, Asterisk refused) or whose listener fails is logged
 * and the flow goes on: a listener never affects the call. Source: https://www.twilio.com/docs/voice/twiml/stream
 */
@ApplicationScoped
public class StartVerb implements FlowVerb {

    private static final Logger LOG = Logger.getLogger(StartVerb.class);

    private final StreamForks forks;

    StartVerb(StreamForks forks) {
        this.forks = forks;
    }

    @Override
    public String name() {
        return "Start";
    }

    @Override
    public CompletionStage<FlowStep> execute(FlowCall call, TwimlNode verb) {
        ForkRequest request = request(verb);
        try {
            forks.start(call.session(), request);
        } catch (Exception e) {
            LOG.warnf("call %s: <Start><Stream url=\"%s\"> did not start: %s", call.callSid(), request.url(), e.getMessage());
        }
        return CompletableFuture.completedFuture(FlowStep.NEXT);
    }

    /** The fork {@code <Start>}'s single {@code <Stream>} asks for; a {@link TwimlException} naming what is wrong. */
    static ForkRequest request(TwimlNode verb) {
        List<TwimlNode> streams = verb.children("Stream");
        if (streams.size() != 1 || verb.children().size() != 1) {
            throw new TwimlException("<Start> must hold exactly one <Stream> (other nouns are not supported)");
        }
        TwimlNode stream = streams.getFirst();
        String track = TwimlAttributes.oneOf(stream, "track", StreamTrack.INBOUND.twiml,
                StreamTrack.INBOUND.twiml, StreamTrack.OUTBOUND.twiml, StreamTrack.BOTH.twiml);
        Map<String, String> parameters = ConnectVerb.parameters(stream);
        return new ForkRequest(ConnectVerb.streamUrl(stream), stream.attributes().get("name"),
                StreamTrack.parse(track).orElseThrow(), parameters);
    }
}
