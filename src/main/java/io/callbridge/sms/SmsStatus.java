package io.callbridge.sms;

import java.util.Locale;

/**
 * A message's status, in Twilio's names, and only as far as it is known (docs/sms.md, "Statuses"). Outbound:
 * {@code queued} → {@code sending} → {@code sent} (the next hop answered 2xx), {@code failed} (4xx/5xx/6xx it
 * will not retry, or no route), {@code undelivered} (retries used up on timeouts/5xx, or an offline user who did
 * not register in time). {@code delivered} needs a delivery report, which no next hop of ours sends yet, so it
 * is never set. Inbound: {@code received}.
 */
enum SmsStatus {
    QUEUED, SENDING, SENT, FAILED, UNDELIVERED, RECEIVED;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SmsStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    boolean isFinal() {
        return this == SENT || this == FAILED || this == UNDELIVERED;
    }
}
