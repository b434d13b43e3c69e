package io.callbridge.flow;

import java.util.concurrent.CompletionStage;

/**
 * Carries out one TwiML verb on a call. Each verb is a CDI bean implementing this interface; the interpreter
 * picks the bean whose {@link #name()} is the element's name, so a new verb is one new class. Source: Twilio's
 * TwiML voice reference, https://www.twilio.com/docs/voice/twiml (one page per verb, whose attributes and
 * defaults each handler follows; docs/flows.md lists where Callbridge differs).
 */
public interface FlowVerb {

    /** The element name this handles, spelt as in TwiML: {@code "Say"}, {@code "Gather"}, {@code "Enqueue"}. */
    String name();

    /**
     * Carries out {@code verb} on {@code call}. Called on the call's executor; must not block it (ARI requests
     * that answer at once are fine; waiting for a playback, a key or an answer is done by completing the stage
     * later). The stage completes with what the flow does next; exceptionally with {@link TwimlException} for
     * a verb whose attributes are invalid (the interpreter then applies the route's failure policy).
     */
    CompletionStage<FlowStep> execute(FlowCall call, TwimlNode verb);
}
