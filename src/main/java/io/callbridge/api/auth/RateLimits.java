package io.callbridge.api.auth;

import io.callbridge.config.Setting;
import io.callbridge.config.Settings;
import io.callbridge.config.SettingsChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The rate limit every API key gets: {@link RateLimiter} reads it on every request, so {@link #apply}
 * takes effect with the next request, without a restart. Follows the runtime settings
 * {@code api.rateLimit.perSecond} and {@code api.rateLimit.burst} (defaults {@code callbridge.api.rate-limit.*}).
 */
@ApplicationScoped
public class RateLimits {

    /** Both numbers in one object, so a request never sees the rate of one setting and the burst of another. */
    record Limit(double perSecond, int burst) {
    }

    private volatile Limit current;

    @Inject
    RateLimits(Settings settings) {
        this(settings.rateLimitPerSecond(), settings.rateLimitBurst());
    }

    RateLimits(double perSecond, int burst) {
        apply(perSecond, burst);
    }

    /**
     * Sets the limit of every key.
     *
     * @param perSecond the refill rate, requests per second, above 0 (fractions allowed: 0.5 is one every 2 s)
     * @param burst     the bucket's size, at least 1
     * @throws IllegalArgumentException if a value is out of range; the limit is then unchanged
     */
    public void apply(double perSecond, int burst) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate-limit per-second must be a number above 0, not " + perSecond);
        }
        if (burst < 1) throw new IllegalArgumentException("rate-limit burst must be at least 1, not " + burst);
        current = new Limit(perSecond, burst);
    }

    /** The runtime settings {@code api.rateLimit.*} (PUT /api/config, and the stored values at startup). */
    void settingsChanged(@Observes SettingsChanged event, Settings settings) {
        if (event.touches(Setting.RATE_LIMIT_PER_SECOND, Setting.RATE_LIMIT_BURST)) {
            apply(settings.rateLimitPerSecond(), settings.rateLimitBurst());
        }
    }

    public double perSecond() {
        return current.perSecond();
    }

    public int burst() {
        return current.burst();
    }

    Limit current() {
        return current;
    }
}
