package io.callbridge.flow;

import io.callbridge.call.AgentRoute;
import io.callbridge.call.CallActions;
import io.callbridge.call.CallConfig;
import io.callbridge.call.CallFlow;
import io.callbridge.call.CallSession;
import io.callbridge.call.FlowStarter;
import io.callbridge.call.RouteFlow;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Starts TwiML flows on calls ({@link FlowStarter}: a route's flow, a live call's redirect) and holds what every
 * {@link FlowRun} shares.
 */
@ApplicationScoped
public class Flows implements FlowStarter {

    private final FlowVerbs verbs;
    private final CallActions actions;
    private final VoiceRequests requests;
    private final FlowPlaybacks playbacks;
    private final FlowConfig config;
    private final CallConfig callConfig;

    Flows(FlowVerbs verbs, CallActions actions, VoiceRequests requests, FlowPlaybacks playbacks, FlowConfig config,
          CallConfig callConfig) {
        this.verbs = verbs;
        this.actions = actions;
        this.requests = requests;
        this.playbacks = playbacks;
        this.config = config;
        this.callConfig = callConfig;
    }

    @Override
    public void start(CallSession call, AgentRoute route) {
        RouteFlow flow = route.flow();
        FlowRun run = new FlowRun(call, this, flow.timeout() == null ? config.requestTimeout() : flow.timeout());
        call.runFlow(run);
        run.start(flow);
    }

    @Override
    public void redirect(CallSession call, String twiml, String url, String method) {
        if (call.isClosed()) return;
        FlowRun run;
        CallFlow current = call.flow();
        if (current instanceof FlowRun running) {
            run = running;
        } else { // a call with an agent from the start (or waiting for one): it enters a flow now
            if (current != null) current.ended(); // e.g. a caller waiting in its route's overflow queue leaves it
            run = new FlowRun(call, this, config.requestTimeout());
            call.runFlow(run);
        }
        run.redirect(twiml, url, method);
    }

    FlowVerbs verbs() {
        return verbs;
    }

    CallActions actions() {
        return actions;
    }

    VoiceRequests requests() {
        return requests;
    }

    FlowPlaybacks playbacks() {
        return playbacks;
    }

    FlowConfig config() {
        return config;
    }

    String accountSid() {
        return callConfig.accountSid();
    }

}
