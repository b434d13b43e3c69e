package io.callbridge.api;

import io.callbridge.store.CallRecord;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of {@code GET /api/calls}, newest first; {@code nextCursor} is null on the last page. */
public record CallHistoryPage(@Schema(required = true) List<CallResponse> items,
                              @Schema(required = true, nullable = true) String nextCursor) {

    /** {@code rows} holds up to {@code limit + 1} rows: one more than the page shows whether another page follows. */
    static CallHistoryPage of(List<CallRecord> rows, int limit) {
        if (rows.size() <= limit) return new CallHistoryPage(rows.stream().map(CallResponse::of).toList(), null);
        List<CallRecord> page = rows.subList(0, limit);
        CallRecord last = page.getLast();
        return new CallHistoryPage(page.stream().map(CallResponse::of).toList(),
                CallCursor.encode(last.startedAt, last.id));
    }
}
