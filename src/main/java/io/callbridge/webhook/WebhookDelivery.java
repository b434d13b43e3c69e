package io.callbridge.webhook;

import io.callbridge.AppThreads;
import io.callbridge.config.Settings;
import io.callbridge.store.WebhookEvent;
import io.callbridge.store.WebhookEventRepository;
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
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox: every poll, the events due (per call in order: a call's next event waits for the
 * one before) are POSTed, signed, with their event id for idempotency. A 2xx marks an event delivered;
 * anything else is retried with exponential backoff until {@code giveUpAfter}. Delivery happens inside
 * the transaction that locked the row, so two instances never send the same event at once. The secret is
 * read for every attempt, so a new one signs the next attempt.
 */
@ApplicationScoped
public class WebhookDelivery {

    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);
    private static final int BATCH = 50;

    private final WebhookEventRepository events;
    private final WebhookConfig config;
    private final Settings settings;
    private final MeterRegistry meters;
    private final HttpClient http;
    private ScheduledExecutorService poller;

    WebhookDelivery(WebhookEventRepository events, WebhookConfig config, Settings settings, MeterRegistry meters) {
        this.events = events;
        this.config = config;
        this.settings = settings;
        this.meters = meters;
        this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
    }

    void start(@Observes StartupEvent startup) {
        poller = Executors.newSingleThreadScheduledExecutor(
                AppThreads.withAppClassLoader(Thread.ofPlatform().name("webhooks").daemon().factory()));
        long every = config.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::deliverDue, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (poller != null) poller.shutdownNow();
    }

    void deliverDue() {
        try {
            int sent;
            do {
                sent = QuarkusTransaction.requiringNew().call(this::deliverBatch);
            } while (sent == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("webhook delivery round failed: %s", e.toString());
        }
    }

    private int deliverBatch() {
        List<WebhookEvent> due = events.lockDue(BATCH);
        for (WebhookEvent e : due) attempt(e);
        return due.size();
    }

    private void attempt(WebhookEvent e) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        e.attempts++;
        long t = now.toEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(e.endpoint))
                .timeout(config.requestTimeout())
                .header("Content-Type", WebhookOutbox.FORM.equals(e.format)
                        ? "application/x-www-form-urlencoded" : "application/json")
                .header("Callbridge-Event-Id", e.eventId)
                .header("Idempotency-Key", e.eventId)
                .header("Callbridge-Event-Type", e.eventType)
                .POST(HttpRequest.BodyPublishers.ofString(e.payload));
        settings.webhookSecret().ifPresent(secret -> {
            request.header("Callbridge-Signature", WebhookSigner.header(secret, t, e.payload));
            if (WebhookOutbox.FORM.equals(e.format)) {
                request.header("X-Twilio-Signature", TwilioSignature.of(secret, e.endpoint, e.payload));
            }
        });
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            e.lastStatus = response.statusCode();
            if (response.statusCode() / 100 == 2) {
                e.deliveredAt = now;
                e.lastError = null;
                meters.counter("callbridge.webhooks.delivered", "type", e.eventType).increment();
                return;
            }
            e.lastError = "HTTP " + response.statusCode();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            e.lastError = "interrupted";
        } catch (Exception ex) {
            e.lastError = truncate(ex.toString(), 500);
        }
        meters.counter("callbridge.webhooks.failed.attempts", "type", e.eventType).increment();
        if (Duration.between(e.createdAt, now).compareTo(config.giveUpAfter()) > 0) {
            e.failedAt = now;
            LOG.warnf("webhook %s (%s) given up after %d attempts: %s", e.eventId, e.eventType, e.attempts, e.lastError);
            return;
        }
        e.nextAttemptAt = now.plus(backoff(e.attempts));
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
