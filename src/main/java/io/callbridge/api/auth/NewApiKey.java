package io.callbridge.api.auth;

/**
 * A key just created: its record, and the key itself, which is not stored and cannot be shown again.
 * {@link #toString()} leaves the key out, so a log line never carries it.
 */
public record NewApiKey(ApiKeyInfo info, String key) {

    @Override
    public String toString() {
        return "NewApiKey[" + info + "]";
    }
}
