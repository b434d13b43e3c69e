package io.callbridge.flow.verbs;

import io.callbridge.call.CallActions;
import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowStep;
import io.callbridge.flow.FlowVerb;
import io.callbridge.flow.TwimlAttributes;
import io.callbridge.flow.TwimlException;
import io.callbridge.flow.TwimlNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code <Connect><Stream url="wss://…"><Parameter name value/></Stream></Connect>}: a bidirectional media stream
 * to an agent, exactly as a route with an agent has it (its protocol and sample rate; the parameters reach a
 * twilio agent as {@code customParameters}). When the stream ends, the flow requests the Connect's {@code action}
 * (with {@code method}, default POST) or goes on with the next verb. Source:
 * https://www.twilio.com/docs/voice/twiml/stream
 */
@ApplicationScoped
public class ConnectVerb implements FlowVerb {

    static final int MAX_PARAMETERS = 50;

    private final CallActions actions;

    ConnectVerb(CallActions actions) {
        this.actions = actions;
    }

    @Override
    public String name() {
        return "Connect";
    }

    @Override
    public CompletionStage<FlowStep> execute(FlowCall call, TwimlNode verb) {
        String method = TwimlAttributes.method(verb, "method", "POST");
        String action = verb.attributes().get("action");
        List<TwimlNode> streams = verb.children("Stream");
        if (streams.size() != 1 || verb.children().size() != 1) {
            throw new TwimlException("<Connect> must hold exactly one <Stream> (other nouns are not supported)");
        }
        TwimlNode stream = streams.getFirst();
        URI url = streamUrl(stream);
        Map<String, String> parameters = parameters(stream);
        CompletableFuture<FlowStep> ended = new CompletableFuture<>();
        call.onInterrupt(() -> ended.complete(FlowStep.END));
        boolean connected = actions.connectStream(call.session(), url, parameters, termination ->
                ended.complete(action == null || action.isBlank() ? FlowStep.NEXT
                        : new FlowStep.Fetch(action.strip(), method, Map.of())));
        if (!connected) ended.complete(FlowStep.END); // the call was hung up with error
        return ended;
    }

    static URI streamUrl(TwimlNode stream) {
        String url = stream.attributes().get("url");
        if (url == null || url.isBlank()) throw TwimlAttributes.invalid(stream, "url", "is required");
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss")) || uri.getHost() == null) {
                throw TwimlAttributes.invalid(stream, "url", "must be a ws:// or wss:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw TwimlAttributes.invalid(stream, "url", "is not a valid URL: " + e.getReason());
        }
    }

    static Map<String, String> parameters(TwimlNode stream) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (TwimlNode child : stream.children()) {
            if (!child.name().equals("Parameter")) {
                throw new TwimlException("<Stream> may hold <Parameter> only, not <" + child.name() + ">");
            }
            String name = child.attributes().get("name");
            if (name == null || name.isBlank()) throw TwimlAttributes.invalid(child, "name", "is required");
            parameters.put(name, child.attribute("value", ""));
        }
        if (parameters.size() > MAX_PARAMETERS) {
            throw new TwimlException("<Stream> may hold at most " + MAX_PARAMETERS + " <Parameter>s");
        }
        return parameters;
    }
}
