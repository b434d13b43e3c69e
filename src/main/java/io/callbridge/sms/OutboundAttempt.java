package io.callbridge.sms;

import io.callbridge.store.JdbcTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * One attempt of an outbound message the outbox leased: chooses the next hop, marks the message
 * {@code sending}, sends it, and records the outcome with its status events in one transaction. 2xx: sent;
 * 408, 5xx or no answer: again after a backoff, undelivered once the attempts are used up; 480 from a user of
 * ours (a stale contact) or no contact: waits for a registration; any other code: failed with that code.
 * Through carrier trunks, one pass tries the gateways in turn (the next one after a 408, a 5xx or no answer),
 * each request an attempt of its own, up to {@link SmsConfig#maxAttempts} in all.
 */
@ApplicationScoped
class OutboundAttempt {

    private static final Logger LOG = Logger.getLogger(OutboundAttempt.class);

    private final DataSource db;
    private final SmsStore store;
    private final SmsEvents events;
    private final SmsConfig config;
    private final NextHop nextHop;
    private final SipMessageSender sender;
    private final TrunkRateLimit trunkLimit;

    OutboundAttempt(DataSource db, SmsStore store, SmsEvents events, SmsConfig config, NextHop nextHop,
                    SipMessageSender sender, TrunkRateLimit trunkLimit) {
        this.db = db;
        this.store = store;
        this.events = events;
        this.config = config;
        this.nextHop = nextHop;
        this.sender = sender;
        this.trunkLimit = trunkLimit;
    }

    void run(SmsMessage m) {
        NextHop.Hop hop = nextHop.resolve(m.to());
        switch (hop) {
            case NextHop.NoRoute none -> finish(m, SmsStatus.FAILED, 404, none.why(), null);
            case NextHop.Offline offline -> waitForRegistration(m, offline.user());
            case NextHop.Contact contact -> send(m, contact);
            case NextHop.Trunks trunks -> sendThroughTrunks(m, trunks.gateways());
        }
    }

    /**
     * Tries the gateways in order within this lease: a 2xx ends it sent, a 408, 5xx or no answer moves on to
     * the next gateway, any other code ends it failed with that code. A 401/407 is such a code: tm's RPC cannot
     * answer a digest challenge (uac_auth works on relayed requests in a failure route, and uac_req_send answers
     * asynchronously), so a carrier that challenges MESSAGEs needs its source address trusted instead
     * (docs/carriers.md). A trunk at its rate limit is skipped; when no request could leave at all, the message
     * waits for the next minute without using an attempt. At most max-attempts requests (fr_timer 5 s each) fit
     * well inside the 60 s lease.
     */
    private void sendThroughTrunks(SmsMessage m, List<TrunkGateways.Gateway> gateways) {
        int attempt = m.attempts() - 1;
        Integer code = null;
        String reason = "every trunk is at its rate limit";
        for (TrunkGateways.Gateway gw : gateways) {
            if (attempt >= config.maxAttempts()) break;
            if (!trunkLimit.tryAcquire(gw.trunkId())) {
                LOG.infof("SMS %s: trunk %d is at its rate limit, gateway %d skipped", m.sid(), gw.trunkId(), gw.gatewayId());
                continue;
            }
            if (attempt < m.attempts()) markSending(m);
            int number = ++attempt;
            SipMessageSender.Outcome outcome = sender.send(new NextHop.Contact(gw.requestUri(), null, false), m);
            code = outcome.code();
            reason = outcome.reason();
            JdbcTransaction.run(db, "recording an SMS attempt", c -> {
                store.attempt(c, m.sid(), number, gw.requestUri(), outcome.code(), outcome.reason());
                store.sentThrough(c, m.sid(), gw.trunkId(), number);
                return null;
            });
            if (code != null && code / 100 == 2) {
                finish(m, SmsStatus.SENT, null, null, null);
                return;
            }
            if (!retryable(code)) {
                finish(m, SmsStatus.FAILED, code, reason, null);
                return;
            }
            LOG.infof("SMS %s to %s: gateway %s got %s; the next gateway", m.sid(), m.to(), gw.requestUri(),
                    code == null ? reason : code);
        }
        if (attempt < m.attempts()) {
            OffsetDateTime next = trunkLimit.nextWindow();
            LOG.infof("SMS %s to %s waits until %s: every trunk is at its rate limit", m.sid(), m.to(), next);
            JdbcTransaction.run(db, "deferring an SMS", c -> {
                store.defer(c, m.sid(), next);
                return null;
            });
            return;
        }
        retryLater(m, attempt, code, reason);
    }

    private static boolean retryable(Integer code) {
        return code == null || code == 408 || code / 100 == 5;
    }

    private void markSending(SmsMessage m) {
        if (SmsStatus.SENDING.wire().equals(m.status())) return;
        JdbcTransaction.run(db, "marking an SMS sending", c -> {
            store.sending(c, m.sid());
            events.status(c, m, SmsStatus.SENDING, null, null);
            return null;
        });
    }

    /** After {@code attempts} requests got a 408, a 5xx or no answer: again after a backoff, or undelivered. */
    private void retryLater(SmsMessage m, int attempts, Integer code, String reason) {
        if (attempts >= config.maxAttempts()) {
            finish(m, SmsStatus.UNDELIVERED, code, "no final answer after " + attempts + " attempts: "
                    + (code == null ? reason : code + " " + reason), null);
            return;
        }
        OffsetDateTime next = SmsStore.now().plus(Backoff.after(attempts, config.minBackoff(), config.maxBackoff()));
        LOG.infof("SMS %s to %s: attempt %d got %s; again at %s", m.sid(), m.to(), attempts,
                code == null ? reason : code, next);
        JdbcTransaction.run(db, "rescheduling an SMS", c -> {
            store.update(c, m.sid(), SmsStatus.SENDING, code, reason, next, null);
            return null;
        });
    }

    private void send(SmsMessage m, NextHop.Contact contact) {
        markSending(m);
        SipMessageSender.Outcome outcome = sender.send(contact, m);
        JdbcTransaction.run(db, "recording an SMS attempt", c -> {
            store.attempt(c, m.sid(), m.attempts(), contact.requestUri(), outcome.code(), outcome.reason());
            return null;
        });
        Integer code = outcome.code();
        if (code != null && code / 100 == 2) {
            finish(m, SmsStatus.SENT, null, null, null);
        } else if (code != null && code == 480 && contact.localUser()) {
            waitForRegistration(m, m.to());
        } else if (retryable(code)) {
            retryLater(m, m.attempts(), code, outcome.reason());
        } else {
            finish(m, SmsStatus.FAILED, code, outcome.reason(), null);
        }
    }

    private void waitForRegistration(SmsMessage m, String user) {
        OffsetDateTime now = SmsStore.now();
        OffsetDateTime until = m.waitUntil() != null ? m.waitUntil() : now.plus(config.offlineWait());
        if (!now.isBefore(until)) {
            finish(m, SmsStatus.UNDELIVERED, 480, user + " did not register within " + config.offlineWait(), null);
            return;
        }
        LOG.infof("SMS %s waits for %s to register (until %s)", m.sid(), user, until);
        // Due again when the wait ends; a registration (store.TableChanges, table location) makes it due at once.
        JdbcTransaction.run(db, "parking an SMS for an offline user", c -> {
            store.update(c, m.sid(), SmsStatus.QUEUED, null, "waiting for " + user + " to register", until, until);
            if (!SmsStatus.QUEUED.wire().equals(m.status())) events.status(c, m, SmsStatus.QUEUED, null, null);
            return null;
        });
    }

    private void finish(SmsMessage m, SmsStatus status, Integer code, String error, OffsetDateTime next) {
        if (status == SmsStatus.SENT) LOG.infof("SMS %s sent to %s", m.sid(), m.to());
        else LOG.warnf("SMS %s to %s %s: %s %s", m.sid(), m.to(), status.wire(), code == null ? "" : code, error);
        JdbcTransaction.run(db, "finishing an SMS", c -> {
            store.update(c, m.sid(), status, code, error, next, null);
            events.status(c, m, status, code, error);
            return null;
        });
    }
}
