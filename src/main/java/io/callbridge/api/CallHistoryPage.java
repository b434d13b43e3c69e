package io.callbridge.api;

import io.callbridge.store.CallRecord;
import java.util.List;

/** One page of {@code GET /api/calls}, newest first; {@code nextCursor} is null on the last page. */
public record CallHistoryPage(List<CallResponse> items, String nextCursor) {

    /** {@code rows} holds up to {@code limit + 1} rows: one more than the page shows whether another page follows. */
    static CallHistoryPage of(List<CallRecord> rows, int limit) {
        if (rows.size() <= limit) return new CallHistoryPage(rows.stream().map(CallResponse::of).toList(), null);
        List<CallRecord> page = rows.subList(0, limit);
        CallRecord last = page.getLast();
        return new CallHistoryPage(page.stream().map(CallResponse::of).toList(),
                CallCursor.encode(last.startedAt, last.id));
    }
}
