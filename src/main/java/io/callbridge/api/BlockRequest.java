package io.callbridge.api;

/**
 * The body of {@code POST /api/numbers/block}: a caller's phone number in any usual form and why it is
 * blocked. {@link BlockValidator} checks it; unknown properties are a 400 ({@link StrictJson}).
 */
public record BlockRequest(String number, String reason) {
}
