package io.callbridge.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where call events are posted and how they are signed. */
@ConfigMapping(prefix = "callbridge.webhooks")
public interface WebhookConfig {

    /** The receiver; no events are recorded without one. */
    Optional<String> url();

    /** HMAC-SHA256 key for the {@code Callbridge-Signature} header. */
    Optional<String> secret();

    /** Whether {@code dtmf.received} events are sent (opt-in: one per digit). */
    @WithDefault("false")
    boolean dtmf();

    /** How often the outbox is checked for events due. */
    @WithDefault("500ms")
    Duration pollInterval();

    @WithDefault("1s")
    Duration minBackoff();

    @WithDefault("1h")
    Duration maxBackoff();

    /** An event not delivered this long after it happened is given up (and stays on record). */
    @WithDefault("24h")
    Duration giveUpAfter();

    @WithDefault("10s")
    Duration requestTimeout();
}
