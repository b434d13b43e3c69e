package io.callbridge.api;

import java.util.List;

/** The body of {@code GET /api/calls/active}: calls in progress on this instance, newest first. */
public record ActiveCalls(List<ActiveCallResponse> items) {
}
