package io.callbridge.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code GET /api/calls/active}: calls in progress on this instance, newest first. */
public record ActiveCalls(@Schema(required = true) List<ActiveCallResponse> items) {
}
