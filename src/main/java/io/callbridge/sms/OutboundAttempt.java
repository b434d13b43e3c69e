package io.callbridge.sms;

import io.callbridge.store.JdbcTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * One attempt of an outbound message the outbox leased: chooses the next hop, marks the message
 * {@code sending}, sends it, and records the outcome with its status events in one transaction. 2xx: sent;
 * 408, 5xx or no answer: again after a backoff, undelivered once the attempts are used up; 480 from a user of
 * ours (a stale contact) or no contact: waits for a registration; any other code: failed with that code.
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

    OutboundAttempt(DataSource db, SmsStore store, SmsEvents events, SmsConfig config, NextHop nextHop,
                    SipMessageSender sender) {
        this.db = db;
        this.store = store;
        this.events = events;
        this.config = config;
        this.nextHop = nextHop;
        this.sender = sender;
    }

    void run(SmsMessage m) {
        NextHop.Hop hop = nextHop.resolve(m.to());
        switch (hop) {
            case NextHop.NoRoute none -> finish(m, SmsStatus.FAILED, 404, none.why(), null);
            case NextHop.Offline offline -> waitForRegistration(m, offline.user());
            case NextHop.Contact contact -> send(m, contact);
        }
    }

    private void send(SmsMessage m, NextHop.Contact contact) {
        if (!SmsStatus.SENDING.wire().equals(m.status())) {
            JdbcTransaction.run(db, "marking an SMS sending", c -> {
                store.sending(c, m.sid());
                events.status(c, m, SmsStatus.SENDING, null, null);
                return null;
            });
        }
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
        } else if (code == null || code == 408 || code / 100 == 5) {
            if (m.attempts() >= config.maxAttempts()) {
                finish(m, SmsStatus.UNDELIVERED, code, "no final answer after " + m.attempts() + " attempts: "
                        + (code == null ? outcome.reason() : code + " " + outcome.reason()), null);
            } else {
                OffsetDateTime next = SmsStore.now().plus(Backoff.after(m.attempts(), config.minBackoff(), config.maxBackoff()));
                LOG.infof("SMS %s to %s: attempt %d got %s; again at %s", m.sid(), m.to(), m.attempts(),
                        code == null ? outcome.reason() : code, next);
                JdbcTransaction.run(db, "rescheduling an SMS", c -> {
                    store.update(c, m.sid(), SmsStatus.SENDING, code, outcome.reason(), next, null);
                    return null;
                });
            }
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
