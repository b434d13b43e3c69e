package io.callbridge.call;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A call's Twilio-style status callback: form-encoded requests to {@code url} with Twilio's field names, for
 * the {@code events} asked for (Twilio's {@code StatusCallbackEvent}: initiated, ringing, answered,
 * completed; completed alone by default), sent with {@code method} (Twilio's {@code StatusCallbackMethod}:
 * {@code POST}, the default, with the fields in the body, or {@code GET} with them in the query).
 */
public record StatusCallback(String url, Set<String> events, String method) {

    /** A callback POSTed, as Twilio's default. */
    public StatusCallback(String url, Set<String> events) {
        this(url, events, "POST");
    }

    public static final List<String> EVENTS = List.of("initiated", "ringing", "answered", "completed");

    public StatusCallback {
        events = Set.copyOf(events);
        method = method == null ? "POST" : method;
    }

    /** The stored form: events comma-separated in their natural order. */
    public String eventsText() {
        return String.join(",", EVENTS.stream().filter(events::contains).toList());
    }

    static Set<String> parse(String text) {
        if (text == null || text.isBlank()) return Set.of("completed");
        return Set.of(text.toLowerCase(Locale.ROOT).split(","));
    }
}
