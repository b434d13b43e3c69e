package io.callbridge.call;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A call's Twilio-style status callback: form-encoded POSTs to {@code url} with Twilio's field names, for
 * the {@code events} asked for (Twilio's {@code StatusCallbackEvent}: initiated, ringing, answered,
 * completed; completed alone by default).
 */
public record StatusCallback(String url, Set<String> events) {

    public static final List<String> EVENTS = List.of("initiated", "ringing", "answered", "completed");

    public StatusCallback {
        events = Set.copyOf(events);
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
