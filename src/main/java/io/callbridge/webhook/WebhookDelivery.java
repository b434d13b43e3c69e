package io.callbridge.webhook;

import io.callbridge.AppThreads;
import io.callbridge.config.Settings;
import io.callbridge.store.WebhookEvent;
import io.callbridge.store.WebhookEventRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox: every poll, the events due (per call in order: a call's next event for a receiver
 * waits for the one before) are POSTed, signed, with their event id for idempotency. A 2xx marks an event
 * delivered; anything else is retried with exponential backoff until {@code giveUpAfter}.
 *
 * <p>Each attempt takes a lease first: in the transaction that locked the row, its next attempt is moved
 * past the request timeout, so no other poll or instance sends it meanwhile. The request then goes out
 * after the commit, and its outcome is written in a transaction of its own when it comes. So a slow or
 * unreachable receiver holds up nothing but its own events. If the app dies mid-request, the lease runs
 * out and the event is sent again (delivery is at least once; the event id lets receivers drop repeats).
 * The secret is read for every attempt, so a new one signs the next attempt.
 */
@ApplicationScoped
public class WebhookDelivery {

    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);
    private static final int BATCH = 50;
    /** Beyond the request timeout, before a leased event may be sent again. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);
    /** The {@code receiver} tag: the configured webhook receiver, or a call's own status callback URL. */
    private static final String WEBHOOK = "webhook";
    private static final String STATUS_CALLBACK = "status_callback";

    private final WebhookEventRepository events;
    private final WebhookConfig config;
    private final Settings settings;
    private final Map<String, Counter> attempts = new HashMap<>();
    private final ExecutorService senders;
    private final HttpClient http;
    private ScheduledExecutorService poller;

    WebhookDelivery(WebhookEventRepository events, WebhookConfig config, Settings settings, MeterRegistry meters) {
        this.events = events;
        this.config = config;
        this.settings = settings;
        for (String receiver : List.of(WEBHOOK, STATUS_CALLBACK)) {
            for (String result : List.of("delivered", "failed")) {
                attempts.put(receiver + "/" + result, Counter.builder("callbridge.webhooks.attempts")
                        .description("Delivery attempts by receiver (webhook, status_callback) and result")
                        .tag("receiver", receiver).tag("result", result).register(meters));
            }
        }
        // Each attempt runs on a virtual thread of its own, which may use the database; the client runs its
        // own tasks there too.
        this.senders = Executors.newThreadPerTaskExecutor(
                AppThreads.withAppClassLoader(Thread.ofVirtual().name("webhook-send-", 0).factory()));
        // HTTP/1.1 only: java.net.http's default offers an h2c upgrade on plain http://, which a receiver that
        // also serves WebSockets (a Twilio bot's usual server) hands to its upgrade handler, not its routes.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.requestTimeout())
                .executor(senders).build();
    }

    /** After the stored settings are loaded (SettingsService observes startup at priority 100). */
    void start(@Observes StartupEvent startup) {
        if (settings.webhookSecret().isEmpty()) {
            LOG.warn("no webhook signing secret (set CALLBRIDGE_WEBHOOKS_SECRET, or webhooks.secret with PUT /api/config):"
                    + " webhooks and status callbacks go out unsigned, and receivers cannot tell them from forgeries");
        }
        poller = Executors.newSingleThreadScheduledExecutor(
                AppThreads.withAppClassLoader(Thread.ofPlatform().name("webhooks").daemon().factory()));
        long every = config.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::deliverDue, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (poller != null) poller.shutdownNow();
        senders.shutdownNow();
    }

    void deliverDue() {
        try {
            List<Attempt> leased;
            do {
                leased = QuarkusTransaction.requiringNew().call(this::leaseDue);
                leased.forEach(this::send);
            } while (leased.size() == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("webhook delivery round failed: %s", e.toString());
        }
    }

    /** One attempt to send an event, as leased: what the request needs, read inside the transaction. */
    private record Attempt(long id, String eventType, HttpRequest request) {
    }

    private List<Attempt> leaseDue() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Attempt> leased = new ArrayList<>();
        for (WebhookEvent e : events.lockDue(BATCH)) {
            e.nextAttemptAt = now.plus(config.requestTimeout()).plus(LEASE_MARGIN);
            leased.add(new Attempt(e.id, e.eventType, request(e, now.toEpochSecond())));
        }
        return leased;
    }

    /**
     * Sends on a virtual thread of the app's own, which waits for the response and writes the outcome. Not
     * {@code sendAsync}: java.net.http completes its futures on the JVM's common pool (one worker on a 2-core
     * machine), so any blocking task anywhere in the process held every outcome, and with it each call's
     * next event, until that task ended (a transfer's {@code call.transferred} arrived seconds late).
     */
    private void send(Attempt attempt) {
        senders.execute(() -> {
            HttpResponse<Void> response = null;
            Throwable failure = null;
            try {
                response = http.send(attempt.request(), HttpResponse.BodyHandlers.discarding());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // shutting down: the lease runs out and the event is sent again
            } catch (Exception e) {
                failure = e;
            }
            HttpResponse<Void> r = response;
            Throwable f = failure;
            try {
                QuarkusTransaction.requiringNew().run(() -> outcome(attempt, r, f));
            } catch (RuntimeException e) {
                // the lease runs out and the event is sent again
                LOG.warnf("recording the outcome of webhook %d failed: %s", attempt.id(), e.toString());
            }
        });
    }

    private HttpRequest request(WebhookEvent e, long unixSeconds) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(e.endpoint))
                .timeout(config.requestTimeout())
                .header("Content-Type", WebhookOutbox.FORM.equals(e.format)
                        ? "application/x-www-form-urlencoded" : "application/json")
                .header("Callbridge-Event-Id", e.eventId)
                .header("Idempotency-Key", e.eventId)
                .header("Callbridge-Event-Type", e.eventType)
                .POST(HttpRequest.BodyPublishers.ofString(e.payload));
        settings.webhookSecret().ifPresent(secret -> {
            request.header("Callbridge-Signature", WebhookSigner.header(secret, unixSeconds, e.payload));
            if (WebhookOutbox.FORM.equals(e.format)) {
                request.header("X-Twilio-Signature", TwilioSignature.of(secret, e.endpoint, e.payload));
            }
        });
        return request.build();
    }

    private void outcome(Attempt attempt, HttpResponse<Void> response, Throwable failure) {
        WebhookEvent e = events.findById(attempt.id());
        if (e == null || e.deliveredAt != null || e.failedAt != null) return;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        e.attempts++;
        if (response != null) {
            e.lastStatus = response.statusCode();
            if (response.statusCode() / 100 == 2) {
                e.deliveredAt = now;
                e.lastError = null;
                counted(e, "delivered");
                return;
            }
            e.lastError = "HTTP " + response.statusCode();
        } else {
            e.lastError = truncate(String.valueOf(failure), 500);
        }
        counted(e, "failed");
        if (Duration.between(e.createdAt, now).compareTo(config.giveUpAfter()) > 0) {
            e.failedAt = now;
            LOG.warnf("webhook %s (%s) given up after %d attempts: %s", e.eventId, e.eventType, e.attempts, e.lastError);
            return;
        }
        e.nextAttemptAt = now.plus(backoff(e.attempts));
    }

    private void counted(WebhookEvent e, String result) {
        attempts.get((WebhookOutbox.FORM.equals(e.format) ? STATUS_CALLBACK : WEBHOOK) + "/" + result).increment();
    }

    /** 1 s, 2 s, 4 s … capped at maxBackoff. */
    Duration backoff(int attempts) {
        Duration d = config.minBackoff().multipliedBy(1L << Math.min(30, attempts - 1));
        return d.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : d;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
