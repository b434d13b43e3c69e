package io.callbridge.sms;

import io.callbridge.AppThreads;
import io.callbridge.store.JdbcTransaction;
import io.callbridge.store.TableChanged;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The SMS outbox's worker: leases due messages from {@code sms_messages} (every instance may run one; a lease
 * keeps two off the same message) and hands each to {@link OutboundAttempt} or {@link WebhookForwarding} on a
 * small pool. Woken at once by a new message and by a registration (a waiting message may go), otherwise
 * every {@link SmsConfig#pollInterval}. A message leased by an instance that died is due again when its lease
 * ends, so after a crash each queued message is still sent; one that was on the wire at the crash may be sent
 * a second time with the same Call-ID (docs/sms.md, "Crashes").
 */
@ApplicationScoped
class SmsDispatcher {

    private static final Logger LOG = Logger.getLogger(SmsDispatcher.class);
    /** Longer than one attempt can take (tm's wait for a final reply, or the webhook's timeout). */
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final DataSource db;
    private final SmsStore store;
    private final SmsConfig config;
    private final OutboundAttempt outbound;
    private final WebhookForwarding inbound;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean running;
    private ExecutorService workers;
    private Thread loop;

    SmsDispatcher(DataSource db, SmsStore store, SmsConfig config, OutboundAttempt outbound, WebhookForwarding inbound) {
        this.db = db;
        this.store = store;
        this.config = config;
        this.outbound = outbound;
        this.inbound = inbound;
    }

    void start(@Observes StartupEvent ignored) {
        running = true;
        workers = Executors.newFixedThreadPool(config.workers(),
                AppThreads.withAppClassLoader(Thread.ofPlatform().name("sms-", 0).daemon().factory()));
        loop = Thread.ofPlatform().name("sms-outbox").daemon().start(this::poll);
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        wake.release();
        if (workers != null) {
            workers.shutdownNow();
            workers.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Look for due messages now (a message was stored, or an attempt finished). */
    void wake() {
        wake.release();
    }

    void onTableChanged(@Observes TableChanged changed) {
        if (!changed.is("location")) return;
        try {
            int woken = JdbcTransaction.run(db, "waking SMS for registered users", store::wakeWaiting);
            if (woken > 0) {
                LOG.infof("a registration: %d waiting SMS due now", woken);
                wake();
            }
        } catch (RuntimeException e) {
            LOG.warnf("waking waiting SMS failed: %s", e.toString());
        }
    }

    private void poll() {
        while (running) {
            try {
                int free = config.workers() - inFlight.get();
                if (free > 0) {
                    List<SmsMessage> due = JdbcTransaction.run(db, "leasing due SMS", c -> store.claimDue(c, free, LEASE));
                    due.forEach(this::submit);
                    if (due.size() == free) continue; // more may be due
                }
                wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("the SMS outbox could not lease due messages: %s", e.toString());
                try {
                    Thread.sleep(config.pollInterval().toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void submit(SmsMessage m) {
        inFlight.incrementAndGet();
        workers.execute(() -> {
            try {
                if (m.inbound()) inbound.run(m);
                else outbound.run(m);
            } catch (RuntimeException e) {
                // the lease runs out and the message is tried again
                LOG.warnf("SMS %s: attempt %d failed: %s", m.sid(), m.attempts(), e.toString());
            } finally {
                inFlight.decrementAndGet();
                wake();
            }
        });
    }
}
