package io.callbridge.sms;

/**
 * {@code PUT /api/sms/numbers/{number}}: the messaging webhook of a number ({@code url}, http or https) and its
 * {@code format}: {@code twilio} (Twilio's form parameters, TwiML answer; the default) or {@code json}.
 */
public record NumberRouteRequest(String url, String format) {
}
