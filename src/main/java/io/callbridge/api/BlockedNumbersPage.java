package io.callbridge.api;

import java.util.List;

/** One page of {@code GET /api/numbers/blocked}: the entries ordered by number, and the total count. */
public record BlockedNumbersPage(List<BlockedNumberResponse> items, int page, int size, long total) {
}
