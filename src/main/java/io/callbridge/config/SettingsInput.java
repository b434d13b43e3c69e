package io.callbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the body of {@code PUT /api/config}: a JSON object of setting keys. Every key is checked before
 * anything is applied, and every bad one is reported at once. A JSON {@code null} resets a key to its
 * default.
 */
public final class SettingsInput {

    /** One key that cannot be applied, and why. */
    public record Error(String key, String message) {
    }

    /**
     * @param changes the typed new value of each given setting, null for a reset (in {@link Setting} order)
     * @param errors  empty when every key was valid
     */
    public record Result(Map<Setting, Object> changes, List<Error> errors) {
    }

    private static final String KNOWN =
            Stream.of(Setting.values()).map(Setting::key).collect(Collectors.joining(", "));

    private SettingsInput() {
    }

    public static Result parse(Map<String, JsonNode> body) {
        Map<Setting, Object> changes = new EnumMap<>(Setting.class);
        List<Error> errors = new ArrayList<>();
        body.forEach((key, value) -> {
            var setting = Setting.byKey(key);
            if (setting.isEmpty()) {
                errors.add(new Error(key, "unknown setting (known: " + KNOWN + ")"));
                return;
            }
            if (value == null || value.isNull()) {
                changes.put(setting.get(), null);
                return;
            }
            try {
                changes.put(setting.get(), setting.get().parse(value));
            } catch (IllegalArgumentException e) {
                errors.add(new Error(key, e.getMessage()));
            }
        });
        return new Result(changes, errors);
    }
}
