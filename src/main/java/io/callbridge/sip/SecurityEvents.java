package io.callbridge.sip;

import io.callbridge.AppThreads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Polls Kamailio's security events ({@link SecurityEventDrain}) every {@code callbridge.security.event-poll}
 * and counts each one taken in {@code callbridge_security_events_total{type, reason}} ({@code type}
 * {@code ban} or {@code auth_failures}; {@code reason} as in {@link SecurityEvent}).
 */
@ApplicationScoped
public class SecurityEvents {

    private static final Logger LOG = Logger.getLogger(SecurityEvents.class);
    private static final int BATCH = 100;
    /** Tag values as Kamailio writes them; anything else counts as {@code other} (bounded cardinality). */
    private static final Set<String> KINDS = Set.of(SecurityEvent.BAN, SecurityEvent.AUTH_FAILURES);
    private static final Set<String> REASONS = Set.of("flood", "scanner", "auth_failures", "address", "username");

    private final SecurityEventDrain drain;
    private final SecurityConfig config;
    private final MeterRegistry meters;
    private ScheduledExecutorService poller;
    /** Logged once per outage, not every poll (a database without Kamailio's schema, say). */
    private volatile boolean failing;

    SecurityEvents(SecurityEventDrain drain, SecurityConfig config, MeterRegistry meters) {
        this.drain = drain;
        this.config = config;
        this.meters = meters;
    }

    void start(@Observes StartupEvent startup) {
        poller = Executors.newSingleThreadScheduledExecutor(
                AppThreads.withAppClassLoader(Thread.ofPlatform().name("security-events").daemon().factory()));
        long every = config.eventPoll().toMillis();
        poller.scheduleWithFixedDelay(this::drainAll, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (poller != null) poller.shutdownNow();
    }

    void drainAll() {
        try {
            List<SecurityEvent> taken;
            do {
                taken = drain.drain(BATCH);
                for (SecurityEvent e : taken) {
                    LOG.infof("security event from Kamailio: %s %s %s (%s requests or failures)", e.kind(), e.reason(),
                            e.target(), e.count());
                    counter(e).increment();
                }
            } while (taken.size() == BATCH);
            failing = false;
        } catch (Exception e) {
            // The rows stay; the next poll takes them.
            if (!failing) LOG.warnf("taking Kamailio's security events failed (retrying every poll): %s", e.toString());
            failing = true;
        }
    }

    private Counter counter(SecurityEvent e) {
        return Counter.builder("callbridge.security.events")
                .description("Bans and authentication-failure bursts reported by Kamailio, by type and reason")
                .tag("type", KINDS.contains(e.kind()) ? e.kind() : "other")
                .tag("reason", REASONS.contains(e.reason()) ? e.reason() : "other")
                .register(meters);
    }
}
