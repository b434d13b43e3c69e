package io.callbridge.fork;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a stream fork is asked for, by {@code <Start><Stream>} or {@code POST /api/calls/{callSid}/streams}.
 *
 * @param url        the listener: a {@code ws://} or {@code wss://} URL
 * @param name       the fork's name, unique among the call's forks, used to stop it; null when not named
 * @param track      which audio it carries
 * @param parameters {@code customParameters} of its {@code start} message, in order
 */
public record ForkRequest(URI url, String name, StreamTrack track, Map<String, String> parameters) {

    /** Twilio's limit of custom parameters on one stream. */
    public static final int MAX_PARAMETERS = 99;

    public ForkRequest {
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        if (name != null && name.isBlank()) name = null;
    }
}
