package io.callbridge.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code GET /api/calls/active}: the calls in progress on every live instance, newest first.
 * {@code partial} is true when only the answering instance's own calls could be listed (the shared database,
 * where the other instances' calls are read, did not answer).
 */
public record ActiveCalls(@Schema(required = true) List<ActiveCallResponse> items,
                          @Schema(required = true, description = "true when the other instances' calls are missing: "
                                  + "the database could not be read") boolean partial) {
}
