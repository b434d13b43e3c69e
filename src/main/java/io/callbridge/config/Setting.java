package io.callbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.callbridge.audit.AuditLog;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The settings that can be changed at runtime ({@code /api/config}), each with its API key, its rules and
 * its default from {@link SettingDefaults}. Each takes effect where {@link Settings} is read: no restart.
 * Values are Integer, Double, Boolean or String; null means none (no limit, no receiver, no secret).
 */
public enum Setting {

    /** Read by {@code CallCapacity} for every inbound call. */
    MAX_CONCURRENT_CALLS("calls.maxConcurrentCalls", false) {
        @Override
        Object parse(JsonNode v) {
            return integer(v, 1, Integer.MAX_VALUE, "must be a positive integer, or null for the default");
        }

        @Override
        Object defaultValue(SettingDefaults d) {
            return d.calls().maxConcurrentCalls().isPresent() ? d.calls().maxConcurrentCalls().getAsInt() : null;
        }
    },

    /** Read by {@code CallDrain} when a drain starts. */
    DRAIN_TIMEOUT_SECONDS("calls.drainTimeoutSeconds", false) {
        @Override
        Object parse(JsonNode v) {
            return integer(v, 1, 3600, "must be an integer from 1 to 3600 (seconds)");
        }

        @Override
        Object defaultValue(SettingDefaults d) {
            return wholeSeconds(d.calls().drainTimeout());
        }
    },

    /** Read by {@code WebhookOutbox} for every event: events are recorded for the receiver set then. */
    WEBHOOK_URL("webhooks.url", false) {
        @Override
        Object parse(JsonNode v) {
            return httpUrl(v);
        }

        @Override
        Object defaultValue(SettingDefaults d) {
            return d.webhooks().url().orElse(null);
        }
    },

    /** Read by {@code WebhookDelivery} for every attempt. Write-only: the API shows whether it is set. */
    WEBHOOK_SECRET("webhooks.secret", true) {
        @Override
        Object parse(JsonNode v) {
            if (!v.isTextual() || v.textValue().length() < MIN_SECRET || v.textValue().length() > MAX_SECRET) {
                throw new IllegalArgumentException("must be a string of " + MIN_SECRET + " to " + MAX_SECRET
                        + " characters, or null for the default");
            }
            return v.textValue();
        }

        @Override
        Object defaultValue(SettingDefaults d) {
            return d.webhooks().secret().orElse(null);
        }
    },

    /** Read by {@code WebhookOutbox} for every caller digit. */
    WEBHOOK_DTMF_EVENTS("webhooks.dtmfEvents", false) {
        @Override
        Object parse(JsonNode v) {
            if (!v.isBoolean()) throw new IllegalArgumentException("must be true or false, or null for the default");
            return v.booleanValue();
        }

        @Override
        Object defaultValue(SettingDefaults d) {
            return d.webhooks().dtmf();
        }
    },

    /** Handed to the API rate limiter through {@link SettingsChanged}. */
    RATE_LIMIT_PER_SECOND("api.rateLimit.perSecond", false) {
        @Override
        Object parse(JsonNode v) {
            if (!v.isNumber() || !(v.doubleValue() > 0) || v.doubleValue() > MAX_RATE) {
                throw new IllegalArgumentException("must be a number above 0 and at most " + (int) MAX_RATE
                        + ", or null for the default");
            }
            return v.doubleValue();
        }

        @Override
        Object defaultValue(SettingDefaults d) {
            return d.api().rateLimit().perSecond();
        }
    },

    /** Handed to the API rate limiter through {@link SettingsChanged}. */
    RATE_LIMIT_BURST("api.rateLimit.burst", false) {
        @Override
        Object parse(JsonNode v) {
            return integer(v, 1, (int) MAX_RATE, "must be an integer from 1 to " + (int) MAX_RATE
                    + ", or null for the default");
        }

        @Override
        Object defaultValue(SettingDefaults d) {
            return d.api().rateLimit().burst();
        }
    },

    /** Read by {@code RecordingRetention} on every purge round. */
    RECORDING_RETENTION_DAYS("recordings.retentionDays", false) {
        @Override
        Object parse(JsonNode v) {
            return integer(v, 1, 36500, "must be an integer from 1 to 36500 (days), or null for the default");
        }

        @Override
        Object defaultValue(SettingDefaults d) {
            return d.recordings().retentionDays().isPresent() ? d.recordings().retentionDays().getAsInt() : null;
        }
    };

    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 256;
    static final int MAX_URL = 2048; // webhook_outbox.endpoint (V5)
    static final double MAX_RATE = 1_000_000;

    private final String key;
    private final boolean secret;

    Setting(String key, boolean secret) {
        this.key = key;
        this.secret = secret;
    }

    /** The name in the API, e.g. {@code calls.maxConcurrentCalls}. */
    public String key() {
        return key;
    }

    public static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    /** Checks a JSON value (not null) and returns it typed; the exception's message says what is wrong. */
    abstract Object parse(JsonNode v);

    abstract Object defaultValue(SettingDefaults d);

    /** What the API and the audit log show of {@code value}: itself, or for a secret only whether it is set. */
    Object shown(Object value) {
        return secret ? AuditLog.masked((String) value) : value;
    }

    private static int integer(JsonNode v, int min, int max, String rule) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw new IllegalArgumentException(rule);
        }
        return v.intValue();
    }

    private static String httpUrl(JsonNode v) {
        if (!v.isTextual() || !HttpUrls.isValid(v.textValue(), MAX_URL)) {
            throw new IllegalArgumentException("must be an http:// or https:// URL with a host, at most " + MAX_URL
                    + " characters, or null for the default");
        }
        return v.textValue();
    }

    /** Rounded up, so a configured 1500ms still waits (2 s) rather than less. */
    private static int wholeSeconds(Duration d) {
        long seconds = d.getNano() > 0 ? d.getSeconds() + 1 : d.getSeconds();
        return Math.clamp(seconds, 0, Integer.MAX_VALUE);
    }
}
