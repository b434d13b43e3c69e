package io.callbridge.call;

/**
 * Where an inbound call over its route's {@code maxConcurrentCalls} waits when the route names an
 * {@code overflowQueue}: the call queues (queue/) implement it, so the call path does not depend on them.
 */
public interface CallOverflow {

    /**
     * On the call's executor: answers {@code call} (routed, owned, not answered) and puts it in line in
     * {@code route}'s overflow queue, with music on hold, until one of the route's lines frees; then it is connected
     * to the route's agent. False when it cannot wait (the queue is full): the call is then refused as before.
     */
    boolean hold(CallSession call, AgentRoute route);
}
