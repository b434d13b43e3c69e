package io.callbridge.webhook;

import io.callbridge.AppThreads;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The webhook backlog as a gauge, {@code callbridge_webhooks_deliveries{status="pending"|"failed"}}: events
 * of the shared outbox (every instance's) not delivered yet, and those given up. Counted from PostgreSQL
 * every {@code callbridge.webhooks.backlog-refresh} on a thread of its own, never on the scrape: a slow
 * database cannot stall /q/metrics. While the database does not answer, the last counts stay.
 */
@ApplicationScoped
public class WebhookBacklog {

    private static final Logger LOG = Logger.getLogger(WebhookBacklog.class);

    private final EntityManager em;
    private final WebhookConfig config;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private ScheduledExecutorService counter;

    WebhookBacklog(EntityManager em, WebhookConfig config, MeterRegistry meters) {
        this.em = em;
        this.config = config;
        Gauge.builder("callbridge.webhooks.deliveries", pending, AtomicLong::get)
                .description("Webhook and status callback events by delivery status (outbox of all instances)")
                .tag("status", "pending").register(meters);
        Gauge.builder("callbridge.webhooks.deliveries", failed, AtomicLong::get)
                .description("Webhook and status callback events by delivery status (outbox of all instances)")
                .tag("status", "failed").register(meters);
    }

    void start(@Observes StartupEvent startup) {
        counter = Executors.newSingleThreadScheduledExecutor(
                AppThreads.withAppClassLoader(Thread.ofPlatform().name("webhook-backlog").daemon().factory()));
        long every = config.backlogRefresh().toMillis();
        counter.scheduleWithFixedDelay(this::refresh, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (counter != null) counter.shutdownNow();
    }

    void refresh() {
        try {
            Object[] counts = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery("""
                    select (select count(*) from webhook_outbox where delivered_at is null and failed_at is null),
                           (select count(*) from webhook_outbox where failed_at is not null)""").getSingleResult());
            pending.set(((Number) counts[0]).longValue());
            failed.set(((Number) counts[1]).longValue());
        } catch (RuntimeException e) {
            LOG.debugf("counting the webhook backlog failed: %s", e.toString());
        }
    }
}
