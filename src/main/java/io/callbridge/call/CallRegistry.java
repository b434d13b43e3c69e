package io.callbridge.call;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The calls this instance is handling, by the Asterisk channel id of the caller's leg. */
@ApplicationScoped
public class CallRegistry {

    private final ConcurrentHashMap<String, CallSession> byChannel = new ConcurrentHashMap<>();

    void add(CallSession session) {
        byChannel.put(session.channelId(), session);
    }

    void remove(CallSession session) {
        byChannel.remove(session.channelId(), session);
    }

    public Optional<CallSession> byChannel(String channelId) {
        return Optional.ofNullable(byChannel.get(channelId));
    }

    public Optional<CallSession> byCallSid(String callSid) {
        return byChannel.values().stream().filter(s -> s.callSid().equals(callSid)).findFirst();
    }

    /** Calls on route {@code routeId} that have not ended. */
    public long activeOnRoute(long routeId) {
        return byChannel.values().stream()
                .filter(s -> !s.isClosed() && s.route() != null && s.route().id() == routeId).count();
    }

    /** Calls that have not ended, whatever their route or direction. */
    public long inProgress() {
        return byChannel.values().stream().filter(s -> !s.isClosed()).count();
    }

    public Collection<CallSession> all() {
        return List.copyOf(byChannel.values());
    }

    public int size() {
        return byChannel.size();
    }
}
