package io.callbridge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The defaults of the runtime {@link Setting}s, from application.properties (or the environment). What
 * {@code PUT /api/config} stores in the {@code settings} table overrides them; a reset returns to them.
 * The other properties of these prefixes live with their features ({@code CallConfig}, {@code WebhookConfig}).
 */
@ConfigMapping(prefix = "callbridge")
public interface SettingDefaults {

    Calls calls();

    Webhooks webhooks();

    Api api();

    Recordings recordings();

    interface Calls {

        /** Calls in progress on this instance beyond which new inbound calls are refused (486); none when unset. */
        OptionalInt maxConcurrentCalls();

        /** On shutdown, how long running calls may go on before they are hung up with {@code shutdown}. */
        @WithDefault("30s")
        Duration drainTimeout();
    }

    interface Webhooks {

        /** The receiver; no events are recorded without one. */
        Optional<String> url();

        /** HMAC-SHA256 key for the {@code Callbridge-Signature} header. */
        Optional<String> secret();

        /** Whether {@code dtmf.received} events are sent (opt-in: one per digit). */
        @WithDefault("false")
        boolean dtmf();
    }

    interface Recordings {

        /** Days a recording is kept after it ended, then deleted with its file; kept until deleted when unset. */
        OptionalInt retentionDays();
    }

    interface Api {

        RateLimit rateLimit();

        interface RateLimit {

            /** The API rate limiter's sustained rate, in requests per second. */
            @WithDefault("20")
            double perSecond();

            /** The API rate limiter's burst: how many requests may come at once (its bucket size). */
            @WithDefault("40")
            int burst();
        }
    }
}
