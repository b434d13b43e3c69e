package io.callbridge.stream;

import java.util.Map;

/**
 * What the agent is told when its stream starts.
 *
 * @param parameters the route's parameters plus {@code from} and {@code to}
 * @param sampleRate of the audio both ways (8000 for twilio)
 */
public record StreamStart(String accountSid, String callSid, String streamSid, String from, String to,
                          Map<String, String> parameters, int sampleRate) {
}
