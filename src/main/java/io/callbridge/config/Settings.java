package io.callbridge.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The current value of every runtime {@link Setting}: what was set through the API, else the default.
 * Read on demand by whatever a setting governs, so a change applies to the next call, event or drain.
 * Kept in memory, never read from the database per use: loaded at startup, replaced by this instance's
 * changes and by a reload whenever the {@code settings} table changes anywhere ({@link SettingsService}), so
 * another instance's change applies here within a second.
 */
@ApplicationScoped
public class Settings {

    private final Map<Setting, Object> defaults;
    /** The values set through the API. Replaced whole, never modified: readers see one consistent set. */
    private volatile Map<Setting, Object> overrides = Map.of();

    Settings(SettingDefaults config) {
        Map<Setting, Object> d = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) d.put(s, s.defaultValue(config));
        this.defaults = Collections.unmodifiableMap(d);
    }

    public Object value(Setting s) {
        Map<Setting, Object> current = overrides;
        return current.containsKey(s) ? current.get(s) : defaults.get(s);
    }

    /** Every key with its value, as the API shows them (secrets masked), in a fixed order. */
    public Map<String, Object> shown() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Setting s : Setting.values()) all.put(s.key(), s.shown(value(s)));
        return all;
    }

    /** Calls in progress beyond which inbound calls are refused; empty for no limit. */
    public Optional<Integer> maxConcurrentCalls() {
        return Optional.ofNullable((Integer) value(Setting.MAX_CONCURRENT_CALLS));
    }

    public Duration drainTimeout() {
        return Duration.ofSeconds((Integer) value(Setting.DRAIN_TIMEOUT_SECONDS));
    }

    public Optional<String> webhookUrl() {
        return Optional.ofNullable((String) value(Setting.WEBHOOK_URL));
    }

    public Optional<String> webhookSecret() {
        return Optional.ofNullable((String) value(Setting.WEBHOOK_SECRET));
    }

    public boolean webhookDtmfEvents() {
        return (Boolean) value(Setting.WEBHOOK_DTMF_EVENTS);
    }

    public double rateLimitPerSecond() {
        return (Double) value(Setting.RATE_LIMIT_PER_SECOND);
    }

    /** How many days a recording is kept after it ended; empty to keep recordings until deleted. */
    public Optional<Integer> recordingRetentionDays() {
        return Optional.ofNullable((Integer) value(Setting.RECORDING_RETENTION_DAYS));
    }

    public int rateLimitBurst() {
        return (Integer) value(Setting.RATE_LIMIT_BURST);
    }

    Object defaultValue(Setting s) {
        return defaults.get(s);
    }

    Map<Setting, Object> overrides() {
        return overrides;
    }

    void override(Map<Setting, Object> next) {
        Map<Setting, Object> copy = new EnumMap<>(Setting.class);
        copy.putAll(next);
        overrides = Collections.unmodifiableMap(copy);
    }
}
