package io.callbridge.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of {@code GET /api/numbers/blocked}: the entries ordered by number, and the total count. */
public record BlockedNumbersPage(@Schema(required = true) List<BlockedNumberResponse> items,
                                 @Schema(required = true, minimum = "0") int page,
                                 @Schema(required = true, minimum = "1", maximum = "500") int size,
                                 @Schema(required = true, minimum = "0") long total) {
}
