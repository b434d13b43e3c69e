package io.callbridge.config;

import java.util.Set;

/**
 * A CDI event fired once the settings named in {@code changed} have new values in {@link Settings}: after
 * a change through this instance is committed, after a reload of the table found a change made elsewhere
 * (another instance, SQL; on the table listener's thread), and at startup (for every setting) once the
 * stored values are loaded.
 *
 * <p>The one place where a component that caches a setting hears about it. Most read {@link Settings} on
 * demand and need not observe this; the API rate limiter, which holds its rate and burst, observes it and
 * applies {@link Settings#rateLimitPerSecond()} and {@link Settings#rateLimitBurst()} when
 * {@code touches(RATE_LIMIT_PER_SECOND, RATE_LIMIT_BURST)}.
 */
public record SettingsChanged(Set<Setting> changed) {

    public SettingsChanged {
        changed = Set.copyOf(changed);
    }

    public boolean touches(Setting... settings) {
        for (Setting s : settings) {
            if (changed.contains(s)) return true;
        }
        return false;
    }
}
