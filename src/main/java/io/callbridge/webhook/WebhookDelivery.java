package io.callbridge.webhook;

import io.callbridge.AppThreads;
import io.callbridge.config.Settings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
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
 * <p>Each attempt takes a lease first: one statement ({@link OutboxLeases#leaseDue}) locks a batch of due
 * rows and moves their next attempt past the request timeout, so no other poll or instance sends them
 * meanwhile. The requests then go out after its commit, and each outcome is written by one statement of its
 * own when it comes. So a slow or unreachable receiver holds up nothing but its own events. If the app dies
 * mid-request, the lease runs out and the event is sent again (delivery is at least once; the event id lets
 * receivers drop repeats). No ORM: this runs for every event of every call. The secret is read for every
 * attempt, so a new one signs the next attempt.
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

    private final OutboxLeases leases;
    private final WebhookConfig config;
    private final Settings settings;
    private final Map<String, Counter> attempts = new HashMap<>();
    private final ExecutorService senders;
    private final HttpClient http;
    private ScheduledExecutorService poller;

    WebhookDelivery(OutboxLeases leases, WebhookConfig config, Settings settings, MeterRegistry meters) {
        this.leases = leases;
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
            List<OutboxLeases.Leased> leased;
            do {
                leased = leases.leaseDue(BATCH, config.requestTimeout().plus(LEASE_MARGIN));
                long now = Instant.now().getEpochSecond();
                for (OutboxLeases.Leased e : leased) send(e, now);
            } while (leased.size() == BATCH);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("webhook delivery round failed: %s", e.toString());
        }
    }

    /**
     * Sends on a virtual thread of the app's own, which waits for the response and writes the outcome. Not
     * {@code sendAsync}: java.net.http completes its futures on the JVM's common pool (one worker on a 2-core
     * machine), so any blocking task anywhere in the process held every outcome, and with it each call's
     * next event, until that task ended (a transfer's {@code call.transferred} arrived seconds late). A request
     * that cannot even be built (a stored endpoint that is no URL) is a failed attempt like any other.
     */
    private void send(OutboxLeases.Leased event, long unixSeconds) {
        senders.execute(() -> {
            HttpResponse<Void> response = null;
            Throwable failure = null;
            try {
                response = http.send(request(event, unixSeconds), HttpResponse.BodyHandlers.discarding());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // shutting down: the lease runs out and the event is sent again
            } catch (Exception e) {
                failure = e;
            }
            try {
                outcome(event, response, failure);
            } catch (SQLException | RuntimeException e) {
                // the lease runs out and the event is sent again
                LOG.warnf("recording the outcome of webhook %d failed: %s", event.id(), e.toString());
            }
        });
    }

    private HttpRequest request(OutboxLeases.Leased e, long unixSeconds) {
        // A Twilio-style callback asked for with GET (its …Method): the form's fields go in the query, and
        // X-Twilio-Signature signs that whole URL with no body, as Twilio does.
        boolean get = "GET".equals(e.method()) && WebhookOutbox.FORM.equals(e.format());
        String url = get ? withQuery(e.endpoint(), e.payload()) : e.endpoint();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.requestTimeout())
                .header("Callbridge-Event-Id", e.eventId())
                .header("Idempotency-Key", e.eventId())
                .header("Callbridge-Event-Type", e.eventType());
        if (get) {
            request.GET();
        } else {
            request.header("Content-Type", WebhookOutbox.FORM.equals(e.format())
                            ? "application/x-www-form-urlencoded" : "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(e.payload()));
        }
        settings.webhookSecret().ifPresent(secret -> {
            request.header("Callbridge-Signature", WebhookSigner.header(secret, unixSeconds, e.payload()));
            if (WebhookOutbox.FORM.equals(e.format())) {
                request.header("X-Twilio-Signature", TwilioSignature.of(secret, url, get ? "" : e.payload()));
            }
        });
        return request.build();
    }

    /** {@code endpoint} with {@code form} appended to its query. */
    static String withQuery(String endpoint, String form) {
        if (form.isEmpty()) return endpoint;
        int hash = endpoint.indexOf('#');
        String base = hash < 0 ? endpoint : endpoint.substring(0, hash);
        return base + (base.contains("?") ? "&" : "?") + form;
    }

    /** One statement: an event no longer pending (a late second attempt) is left as it is, and not counted. */
    private void outcome(OutboxLeases.Leased e, HttpResponse<Void> response, Throwable failure) throws SQLException {
        if (response != null && response.statusCode() / 100 == 2) {
            if (leases.delivered(e.id(), response.statusCode())) counted(e, "delivered");
            return;
        }
        String error = response != null ? "HTTP " + response.statusCode() : truncate(String.valueOf(failure), 500);
        OutboxLeases.Failure f = leases.failed(e.id(), response == null ? null : response.statusCode(), error,
                config.giveUpAfter(), config.minBackoff(), config.maxBackoff());
        if (f == null) return;
        counted(e, "failed");
        if (f.givenUp()) {
            LOG.warnf("webhook %s (%s) given up after %d attempts: %s", e.eventId(), e.eventType(), f.attempts(), error);
        }
    }

    private void counted(OutboxLeases.Leased e, String result) {
        attempts.get((WebhookOutbox.FORM.equals(e.format()) ? STATUS_CALLBACK : WEBHOOK) + "/" + result).increment();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
