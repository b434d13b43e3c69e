package io.callbridge.call;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The calls this instance is handling, by the Asterisk channel id of the caller's leg; a transfer's leg is
 * an alias of its call, so that its events reach the call too.
 */
@ApplicationScoped
public class CallRegistry {

    private final ConcurrentHashMap<String, CallSession> byChannel = new ConcurrentHashMap<>();
    private final List<Consumer<CallSession>> removed = new CopyOnWriteArrayList<>();

    void add(CallSession session) {
        byChannel.put(session.channelId(), session);
    }

    void remove(CallSession session) {
        if (!byChannel.remove(session.channelId(), session)) return;
        for (Consumer<CallSession> listener : removed) {
            try {
                listener.accept(session);
            } catch (RuntimeException e) {
                org.jboss.logging.Logger.getLogger(CallRegistry.class)
                        .warnf("a listener of call %s's end failed: %s", session.callSid(), e.getMessage());
            }
        }
    }

    /**
     * Tells {@code listener} of each call that leaves the registry (it ended, or was handed over), on the thread
     * that removed it (the call's executor): a route's line is free again ({@link CallOverflow}). Must be quick.
     */
    public void whenRemoved(Consumer<CallSession> listener) {
        removed.add(listener);
    }

    void alias(String channelId, CallSession session) {
        byChannel.put(channelId, session);
    }

    void unalias(String channelId, CallSession session) {
        byChannel.remove(channelId, session);
    }

    public Optional<CallSession> byChannel(String channelId) {
        return Optional.ofNullable(byChannel.get(channelId));
    }

    public Optional<CallSession> byCallSid(String callSid) {
        return calls().filter(s -> s.callSid().equals(callSid)).findFirst();
    }

    /** Calls on route {@code routeId} that have not ended. */
    public long activeOnRoute(long routeId) {
        return calls().filter(s -> !s.isClosed() && s.route() != null && s.route().id() == routeId).count();
    }

    /** Calls that have not ended, whatever their route or direction. */
    public long inProgress() {
        return calls().filter(s -> !s.isClosed()).count();
    }

    public Collection<CallSession> all() {
        return calls().toList();
    }

    public int size() {
        return (int) calls().count();
    }

    /** Each call once (not again under its aliases). */
    private Stream<CallSession> calls() {
        return byChannel.entrySet().stream().filter(e -> e.getKey().equals(e.getValue().channelId())).map(Map.Entry::getValue);
    }
}
