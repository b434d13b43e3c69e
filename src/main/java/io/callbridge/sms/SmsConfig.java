package io.callbridge.sms;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** SMS over SIP MESSAGE (docs/sms.md): limits, the outbox's retries, and where messages to numbers go. */
@ConfigMapping(prefix = "callbridge.sms")
public interface SmsConfig {

    /** The longest body, in characters (Unicode code points), in and out; longer is refused. */
    @WithDefault("1600")
    int maxLength();

    /**
     * The largest MESSAGE body, in UTF-8 bytes, sent over UDP; a larger one goes over TCP (RFC 3261 §18.1.1
     * keeps UDP requests under the path MTU).
     */
    @WithDefault("1000")
    int udpMaxBytes();

    /**
     * The next hop of messages to numbers that are no registered user of ours: a SIP URI such as
     * {@code sip:carrier.example.net:5060}; the number becomes its user part. Unset: such messages fail
     * (no route). Carrier trunks with a gateway come first (docs/sms.md).
     */
    Optional<String> trunkUri();

    /** Attempts of one outbound message (or one inbound webhook delivery) before it is given up. */
    @WithDefault("5")
    int maxAttempts();

    /** The wait after the first failed attempt; doubled after each further one, up to {@link #maxBackoff}. */
    @WithDefault("1s")
    Duration minBackoff();

    @WithDefault("60s")
    Duration maxBackoff();

    /** How long a message to a registered user who is offline waits for a registration before it is undelivered. */
    @WithDefault("1h")
    Duration offlineWait();

    /** Messages one number may send (inbound) or be sent from (outbound) per minute; more are refused. */
    @WithDefault("60")
    int perNumberPerMinute();

    /**
     * MESSAGE requests one carrier trunk may be sent per minute (each gateway attempt counts), across instances.
     * A message that finds every trunk at its limit waits in the outbox for the next minute; unset: no limit.
     */
    OptionalInt perTrunkPerMinute();

    /** How often the outbox looks for due messages when nothing woke it earlier. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Messages sent (or webhooks delivered) at once by one instance. */
    @WithDefault("4")
    int workers();

    /** How long the messaging webhook may take to answer. */
    @WithDefault("10s")
    Duration webhookTimeout();
}
