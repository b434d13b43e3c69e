package io.callbridge.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How call events are delivered. Where they go, how they are signed and whether digits are sent are
 * runtime settings ({@code webhooks.url}, {@code webhooks.secret}, {@code webhooks.dtmfEvents}) whose
 * defaults are {@code callbridge.webhooks.url}, {@code .secret} and {@code .dtmf} (config.SettingDefaults).
 */
@ConfigMapping(prefix = "callbridge.webhooks")
public interface WebhookConfig {

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

    /** How often the backlog gauge ({@code callbridge_webhooks_deliveries}) is counted again. */
    @WithDefault("5s")
    Duration backlogRefresh();
}
