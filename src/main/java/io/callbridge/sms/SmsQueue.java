package io.callbridge.sms;

import io.callbridge.call.Blocklist;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Queues outbound messages in the outbox (the API's sends and TwiML replies): a row in {@code queued}, due at
 * once, stored in the caller's transaction. The checks every outbound message passes are here.
 */
@ApplicationScoped
class SmsQueue {

    /** Why a message was not queued; {@code status} is the HTTP status the API answers with. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final SmsStore store;
    private final SmsConfig config;
    private final Blocklist blocklist;
    private final NumberRateLimit rateLimit;

    SmsQueue(SmsStore store, SmsConfig config, Blocklist blocklist, NumberRateLimit rateLimit) {
        this.store = store;
        this.config = config;
        this.blocklist = blocklist;
        this.rateLimit = rateLimit;
    }

    /**
     * Stores a new outbound message from {@code from} to {@code to} (E.164 numbers, user names or SIP URIs).
     *
     * A reply ({@code replyTo} set) is not counted against its number's rate limit: each answers a message that
     * was itself counted against its sender's, and one refused here would be lost after the inbound message was
     * taken (an agent's number answers many senders).
     *
     * @throws Refused when the body is empty or too long, the recipient is blocked, or the sender (not a reply)
     *                 over its rate
     */
    SmsMessage queue(Connection c, String from, String to, String body, String statusCallback, String replyTo)
            throws SQLException {
        if (body == null || body.isEmpty()) throw new Refused(400, "the body is empty");
        if (SmsText.length(body) > config.maxLength()) {
            throw new Refused(400, "the body is longer than " + config.maxLength() + " characters");
        }
        if (SmsText.decode(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).isEmpty()) {
            throw new Refused(400, "the body holds control characters");
        }
        if (blocklist.isBlocked(SmsIntake.userOf(to))) throw new Refused(403, "the recipient " + to + " is blocked");
        if (replyTo == null && !rateLimit.tryAcquire(SmsIntake.userOf(from))) {
            throw new Refused(429, "more than " + config.perNumberPerMinute() + " messages a minute from " + from);
        }
        var now = SmsStore.now();
        SmsMessage m = new SmsMessage(SmsStore.newSid(), SmsMessage.OUTBOUND, from, to, body, SmsStatus.QUEUED.wire(),
                null, null, statusCallback, null, null, null, replyTo, 0, null, now, now, null);
        store.insert(c, m);
        return m;
    }
}
