package io.callbridge.call;

import java.net.URI;
import java.time.Duration;

/**
 * Where a route's calls get their TwiML when the route runs a flow rather than an agent: the document stored on
 * the route ({@code twiml}), or the one its voice URL answers with (Twilio's "voice webhook": {@code voiceUrl}
 * requested with {@code voiceMethod}, then {@code voiceFallbackUrl} when it fails or times out).
 *
 * @param twiml               a stored TwiML document, or null when the route has a voice URL
 * @param voiceUrl            http or https; null when the route stores its TwiML
 * @param voiceMethod         {@code GET} or {@code POST}
 * @param voiceFallbackUrl    requested when the voice URL fails (HTTP error, timeout, invalid TwiML); may be null
 * @param voiceFallbackMethod {@code GET} or {@code POST}
 * @param timeout             how long each request may take, headers and body
 */
public record RouteFlow(String twiml, URI voiceUrl, String voiceMethod, URI voiceFallbackUrl,
                        String voiceFallbackMethod, Duration timeout) {
}
