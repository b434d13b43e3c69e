package io.callbridge.queue;

import io.callbridge.queue.CallQueue.Exit;
import io.callbridge.queue.CallQueue.Waiter;
import io.callbridge.webhook.WebhookOutbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The instance's named call queues. A queue comes into being when its first caller joins and stays (with its
 * figures) until the instance stops: queues live in this instance's memory only, because a waiting caller's
 * channel, music and flow live on this instance too; after a restart the queues start empty (docs/flows.md,
 * "Queues"). Each join and leave is a webhook event ({@code queue.joined}, {@code queue.left} with the reason)
 * and moves the instance's queue meters ({@code callbridge_queue_callers}, {@code callbridge_queue_longest_wait_seconds},
 * {@code callbridge_queue_abandoned_total}), registered at start like the call meters.
 */
@Startup // the meters exist from the start, not from the first caller in line
@ApplicationScoped
public class CallQueues {

    private static final Logger LOG = Logger.getLogger(CallQueues.class);

    /** Twilio's default and ceiling for {@code maxQueueSize}. */
    public static final int DEFAULT_MAX_SIZE = 100;
    public static final int MAX_SIZE = 5000;

    private final Map<String, CallQueue> queues = new ConcurrentHashMap<>();
    private final Counter abandoned;
    private final DataSource db;
    private final WebhookOutbox webhooks;
    private final Clock clock;

    CallQueues(MeterRegistry meters, DataSource db, WebhookOutbox webhooks) {
        Clock clock = Clock.systemUTC();
        this.db = db;
        this.webhooks = webhooks;
        this.clock = clock;
        // Instance-wide, with no queue label: queue names are the API user's, so a label would be unbounded.
        // Per-queue figures are GET /api/queues.
        Gauge.builder("callbridge.queue.callers", queues, all -> all.values().stream().mapToInt(CallQueue::size).sum())
                .description("Callers waiting in this instance's queues").register(meters);
        Gauge.builder("callbridge.queue.longest.wait.seconds", queues, all -> all.values().stream()
                        .mapToDouble(q -> q.longestWaitSeconds(clock.instant())).max().orElse(0))
                .description("How long the caller waiting longest in any queue has waited").register(meters);
        abandoned = Counter.builder("callbridge.queue.abandoned").description("Callers who hung up while waiting in a queue")
                .register(meters);
    }

    /**
     * Puts the call at the back of queue {@code name}; empty when {@code maxSize} callers already wait (the
     * caller then never joined). The waiter's {@code exit} completes when the caller leaves, on the thread that
     * took it out.
     */
    Optional<Waiter> join(String name, String callSid, int maxSize) {
        CallQueue queue = queue(name);
        Optional<Waiter> waiter = queue.join(callSid, maxSize, clock.instant());
        if (waiter.isPresent()) {
            int position = queue.position(callSid);
            event("queue.joined", callSid, Map.of("queue", name, "position", position, "size", queue.size()));
        }
        return waiter;
    }

    /**
     * Takes {@code callSid} out of whichever queue it waits in, with {@code result}; empty when it waits in none.
     */
    Optional<Exit> leave(String callSid, QueueResult result) {
        for (CallQueue queue : queues.values()) {
            Optional<Exit> exit = left(queue, queue.leave(callSid, result, null, clock.instant()), callSid);
            if (exit.isPresent()) return exit;
        }
        return Optional.empty();
    }

    /**
     * Hands a caller of queue {@code name} on to {@code target}: {@code callSid}, or the front caller when null.
     * Returns the call taken out, or empty when the queue (or that caller in it) is not there.
     */
    public Optional<Dequeued> dequeue(String name, String callSid, String target) {
        CallQueue queue = queues.get(name);
        if (queue == null) return Optional.empty();
        String sid = callSid != null ? callSid : queue.callSids().stream().findFirst().orElse(null);
        if (sid == null) return Optional.empty();
        return left(queue, queue.leave(sid, QueueResult.BRIDGED, target, clock.instant()), sid)
                .map(exit -> new Dequeued(sid, name, exit.waited().toSeconds()));
    }

    /** A caller a dequeue took out: its call, its queue and how long it waited (seconds). */
    public record Dequeued(String callSid, String queue, long waitTime) {
    }

    /** 1-based position of the call in queue {@code name}, 0 when it is not there. */
    public int position(String name, String callSid) {
        CallQueue queue = queues.get(name);
        return queue == null ? 0 : queue.position(callSid);
    }

    /**
     * The queue parameters Twilio sends to a waitUrl, as they stand now: {@code QueueSid}, {@code QueuePosition}
     * (1 at the front; 0 once the caller left), {@code QueueTime} (seconds this caller has waited),
     * {@code AvgQueueTime} (mean seconds waited by the callers dequeued so far), {@code CurrentQueueSize} and
     * {@code MaxQueueSize}. Source: https://www.twilio.com/docs/voice/twiml/enqueue ("Attributes: waitUrl").
     */
    Map<String, String> waitParameters(String name, String callSid, int maxSize) {
        QueueView view = queue(name).view(clock.instant());
        QueueView.Member member = view.members().stream().filter(m -> m.callSid().equals(callSid)).findFirst().orElse(null);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("QueueSid", view.sid());
        parameters.put("QueuePosition", Integer.toString(member == null ? 0 : member.position()));
        parameters.put("QueueTime", Long.toString(member == null ? 0 : member.waitTime()));
        parameters.put("AvgQueueTime", Long.toString(view.averageWaitTime()));
        parameters.put("CurrentQueueSize", Integer.toString(view.currentSize()));
        parameters.put("MaxQueueSize", Integer.toString(maxSize));
        return parameters;
    }

    /** The calls waiting in queue {@code name}, front first (none for a queue nobody joined). */
    List<String> waiting(String name) {
        CallQueue queue = queues.get(name);
        return queue == null ? List.of() : queue.callSids();
    }

    /** Every queue of this instance, by name. */
    public List<QueueView> list() {
        Instant now = clock.instant();
        return queues.values().stream().map(queue -> queue.view(now)).sorted(Comparator.comparing(QueueView::name)).toList();
    }

    /** Queue {@code name} as it stands, or empty when no caller has joined it since the instance started. */
    public Optional<QueueView> view(String name) {
        CallQueue queue = queues.get(name);
        return queue == null ? Optional.empty() : Optional.of(queue.view(clock.instant()));
    }

    private Optional<Exit> left(CallQueue queue, Optional<Exit> exit, String callSid) {
        exit.ifPresent(e -> {
            if (e.result() == QueueResult.HANGUP) abandoned.increment();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("queue", queue.name());
            data.put("reason", e.result().code());
            data.put("waitTime", e.waited().toSeconds());
            if (e.target() != null) data.put("target", e.target());
            event("queue.left", callSid, data);
        });
        return exit;
    }

    private CallQueue queue(String name) {
        return queues.computeIfAbsent(name, CallQueue::new);
    }

    /** A webhook event; a database that refuses costs the event, never the caller's place in line. */
    private void event(String type, String callSid, Map<String, Object> data) {
        if (!webhooks.enabled()) return;
        try (Connection c = db.getConnection()) {
            webhooks.record(c, type, callSid, data);
        } catch (Exception e) {
            LOG.warnf("recording the %s event of call %s failed: %s", type, callSid, e.getMessage());
        }
    }
}
