package io.callbridge.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One named queue: its callers in the order they joined, and its figures since the instance started. Every
 * method is synchronized: callers join and leave from their own call executors, the API reads from request threads.
 */
final class CallQueue {

    /**
     * A caller in line. {@code exit} completes (once) when the caller leaves: with why and, for a dequeue, where
     * the caller goes.
     */
    record Waiter(String callSid, Instant joinedAt, CompletableFuture<Exit> exit) {
    }

    /** How a caller left: {@code target} is the dequeue's destination (null for the other results). */
    record Exit(QueueResult result, String target, Duration waited) {
    }

    private final String name;
    private final String sid;
    private final LinkedHashMap<String, Waiter> waiting = new LinkedHashMap<>();
    private long joined;
    private long abandoned;
    private long served;
    private Duration servedWait = Duration.ZERO;

    CallQueue(String name) {
        this.name = name;
        this.sid = sidOf(name);
    }

    /**
     * Twilio's {@code QueueSid} for a queue name: {@code QU} and 32 hex characters, derived from the name so it is
     * the same on every instance and after a restart.
     */
    static String sidOf(String name) {
        return "QU" + java.util.UUID.nameUUIDFromBytes(("queue:" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString().replace("-", "");
    }

    String sid() {
        return sid;
    }

    String name() {
        return name;
    }

    /** Puts {@code callSid} at the back of the line; empty when {@code maxSize} callers already wait. */
    synchronized Optional<Waiter> join(String callSid, int maxSize, Instant now) {
        if (waiting.containsKey(callSid)) return Optional.of(waiting.get(callSid));
        if (waiting.size() >= maxSize) return Optional.empty();
        Waiter waiter = new Waiter(callSid, now, new CompletableFuture<>());
        waiting.put(callSid, waiter);
        joined++;
        return Optional.of(waiter);
    }

    /** 1-based position of {@code callSid}, or 0 when it is not in line. */
    synchronized int position(String callSid) {
        int position = 1;
        for (String sid : waiting.keySet()) {
            if (sid.equals(callSid)) return position;
            position++;
        }
        return 0;
    }

    /**
     * Takes {@code callSid} (the front caller when null) out of line with {@code result}; empty when not in line.
     * A hang-up counts as abandoned; a dequeue counts in the average wait.
     */
    synchronized Optional<Exit> leave(String callSid, QueueResult result, String target, Instant now) {
        String sid = callSid != null ? callSid : waiting.isEmpty() ? null : waiting.keySet().iterator().next();
        Waiter waiter = sid == null ? null : waiting.remove(sid);
        if (waiter == null) return Optional.empty();
        Duration waited = Duration.between(waiter.joinedAt(), now);
        if (result == QueueResult.HANGUP) abandoned++;
        if (result == QueueResult.BRIDGED) {
            served++;
            servedWait = servedWait.plus(waited);
        }
        Exit exit = new Exit(result, target, waited);
        waiter.exit().complete(exit);
        return Optional.of(exit);
    }

    /** The queue as it stands at {@code now}. */
    synchronized QueueView view(Instant now) {
        List<QueueView.Member> members = new ArrayList<>();
        int position = 1;
        for (Waiter waiter : waiting.values()) {
            members.add(new QueueView.Member(waiter.callSid(), position++, waiter.joinedAt(),
                    Duration.between(waiter.joinedAt(), now).toSeconds()));
        }
        long average = served == 0 ? 0 : servedWait.dividedBy(served).toSeconds();
        long longest = members.isEmpty() ? 0 : members.get(0).waitTime();
        return new QueueView(name, sid, members.size(), average, longest, joined, abandoned, served, members);
    }

    synchronized int size() {
        return waiting.size();
    }

    /** Seconds the front caller has waited, 0 for an empty queue. */
    synchronized double longestWaitSeconds(Instant now) {
        if (waiting.isEmpty()) return 0;
        return Duration.between(waiting.values().iterator().next().joinedAt(), now).toMillis() / 1000.0;
    }

    synchronized List<String> callSids() {
        return List.copyOf(waiting.keySet());
    }
}
