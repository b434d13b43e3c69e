package io.callbridge.queue;

import io.callbridge.ari.AriChannels;
import io.callbridge.call.AgentRoute;
import io.callbridge.call.CallActions;
import io.callbridge.call.CallControl;
import io.callbridge.call.CallFlow;
import io.callbridge.call.CallOverflow;
import io.callbridge.call.CallRegistry;
import io.callbridge.call.CallRouting;
import io.callbridge.call.CallSession;
import io.callbridge.queue.CallQueue.Exit;
import io.callbridge.queue.CallQueue.Waiter;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A route's {@code overflowQueue}: the caller over the route's {@code maxConcurrentCalls} is answered and waits in
 * that queue with the route's music on hold instead of hearing 486; each time one of the route's calls ends, and
 * each time a caller joins, the queue's front caller is connected to the route's agent if fewer than
 * {@code maxConcurrentCalls} of the route's calls are out of line. A waiting caller counts as abandoned when it hangs
 * up, and can be dequeued over the API like any other. A line is counted on this instance, as the limit is
 * (docs/flows.md, "Queues").
 */
@Startup // listens for the calls' ends from the start
@ApplicationScoped
public class RouteOverflow implements CallOverflow {

    private static final Logger LOG = Logger.getLogger(RouteOverflow.class);

    private final CallQueues queues;
    private final AriChannels channels;
    private final CallActions actions;
    private final CallControl calls;
    private final CallRegistry registry;
    private final CallRouting routing;

    RouteOverflow(CallQueues queues, AriChannels channels, CallActions actions, CallControl calls,
                  CallRegistry registry, CallRouting routing) {
        this.queues = queues;
        this.channels = channels;
        this.actions = actions;
        this.calls = calls;
        this.registry = registry;
        this.routing = routing;
        registry.whenRemoved(this::lineFreed);
    }

    @Override
    public boolean hold(CallSession call, AgentRoute route) {
        String name = route.overflowQueue();
        Optional<Waiter> joined = queues.join(name, call.callSid(), CallQueues.DEFAULT_MAX_SIZE);
        if (joined.isEmpty()) return false;
        if (!actions.answer(call)) { // hung up already, with the reason
            queues.leave(call.callSid(), QueueResult.ERROR);
            return true;
        }
        call.runFlow(new Waiting(call));
        joined.get().exit().thenAccept(exit -> call.submit(() -> left(call, exit)));
        try {
            channels.startMoh(call.channelId(), route.mohClass());
        } catch (Exception e) { // the caller keeps its place, in silence
            LOG.warnf("call %s: music on hold in queue %s failed: %s", call.callSid(), name, e.getMessage());
        }
        LOG.infof("call %s: route %s is at %d calls: waiting in queue %s at position %d", call.callSid(),
                route.number(), route.maxConcurrentCalls(), name, queues.position(name, call.callSid()));
        serve(route); // a line may have freed since the capacity check
        return true;
    }

    /** On the caller's executor, once it is out of line: the music stops; a dequeue hands it on from here. */
    private void left(CallSession call, Exit exit) {
        if (call.isClosed() || exit.result() == QueueResult.HANGUP) return;
        try {
            channels.stopMoh(call.channelId());
        } catch (Exception e) {
            LOG.debugf("call %s: stopping the queue's music: %s", call.callSid(), e.getMessage());
        }
    }

    /** A call left the registry: if it was on a route that overflows, one of its lines may be free. */
    private void lineFreed(CallSession ended) {
        AgentRoute route = ended.route();
        if (route == null || route.overflowQueue() == null) return;
        // the route as it stands now (its limit may have changed since the call began)
        AgentRoute current = routing.byNumber(route.number()).filter(r -> r.id() == route.id()).orElse(route);
        serve(current.overflowQueue() == null ? route : current);
    }

    /**
     * Connects the front caller of {@code route}'s overflow queue to the route's agent when a line is free: fewer
     * than maxConcurrentCalls of the route's calls are out of line. Serialized, so two calls ending at once free
     * two lines, never the same one twice.
     */
    private synchronized void serve(AgentRoute route) {
        Integer max = route.maxConcurrentCalls();
        String name = route.overflowQueue();
        if (max == null || name == null) return;
        long active = registry.activeOnRoute(route.id()); // read before the line, so a caller joining now is never a free line
        long waiting = queues.waiting(name).stream().filter(sid -> registry.byCallSid(sid)
                .map(c -> c.route() != null && c.route().id() == route.id()).orElse(false)).count();
        if (active - waiting >= max) return;
        queues.dequeue(name, null, "route:" + route.number()).ifPresent(taken -> {
            CallControl.RedirectResult result = calls.connectAgent(taken.callSid(), route);
            if (result == CallControl.RedirectResult.REQUESTED) {
                LOG.infof("call %s: a line of route %s is free after %d s in queue %s", taken.callSid(), route.number(),
                        taken.waitTime(), name);
            } else {
                LOG.warnf("call %s left queue %s for route %s but could not be connected: %s", taken.callSid(), name,
                        route.number(), result);
            }
        });
    }

    /** The waiting caller's place in the call's flow: its end (or a redirect) takes it out of line. */
    private final class Waiting implements CallFlow {
        private final CallSession call;

        Waiting(CallSession call) {
            this.call = call;
        }

        @Override
        public void callerDigit(char digit) {
        }

        @Override
        public void ended() {
            queues.leave(call.callSid(), call.isClosed() ? QueueResult.HANGUP : QueueResult.REDIRECTED);
        }
    }
}
