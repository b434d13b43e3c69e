package io.callbridge.flow;

import java.util.Map;

/**
 * What a call's flow does after a verb: go on with the next verb of the document, fetch a new document (a verb's
 * {@code action}, {@code <Redirect>}), or end because the call is over or has left the flow (hung up,
 * rejected, handed elsewhere). Source: Twilio's TwiML voice reference ("action" attributes).
 */
public sealed interface FlowStep {

    /** Go on with the verb after this one; after the document's last verb the call is hung up, as Twilio does. */
    record Next() implements FlowStep {
    }

    /**
     * Request TwiML from {@code url} (absolute, or relative to the current document's URL) with {@code method}
     * (GET or POST) and the call's voice request parameters plus {@code parameters} (e.g. {@code Digits},
     * {@code DialCallStatus}); its answer replaces the current document.
     */
    record Fetch(String url, String method, Map<String, String> parameters) implements FlowStep {
        public Fetch {
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        }
    }

    /** The flow is over: the verb hung the call up, or the call ended or left the flow while it ran. */
    record End() implements FlowStep {
    }

    FlowStep NEXT = new Next();
    FlowStep END = new End();
}
