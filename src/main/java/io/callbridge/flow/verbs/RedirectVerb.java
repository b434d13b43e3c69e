package io.callbridge.flow.verbs;

import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowStep;
import io.callbridge.flow.FlowVerb;
import io.callbridge.flow.TwimlAttributes;
import io.callbridge.flow.TwimlException;
import io.callbridge.flow.TwimlNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code <Redirect method="POST">url</Redirect>}: the call goes on with the TwiML {@code url} answers (absolute,
 * or relative to the current document's URL); the verbs after it never run. Source:
 * https://www.twilio.com/docs/voice/twiml/redirect
 */
@ApplicationScoped
public class RedirectVerb implements FlowVerb {

    @Override
    public String name() {
        return "Redirect";
    }

    @Override
    public CompletionStage<FlowStep> execute(FlowCall call, TwimlNode verb) {
        String method = TwimlAttributes.method(verb, "method", "POST");
        if (verb.text().isEmpty()) throw new TwimlException("<Redirect>: the URL to redirect to is missing (the element's text)");
        return CompletableFuture.completedFuture(new FlowStep.Fetch(verb.text(), method, Map.of()));
    }
}
