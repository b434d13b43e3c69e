package io.callbridge.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callbridge.store.AuditEntry;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of {@code GET /api/audit}, newest first; {@code nextCursor} is null on the last page. */
public record AuditPage(@Schema(required = true) List<AuditEntryResponse> items,
                        @Schema(required = true, nullable = true) String nextCursor) {

    /** {@code rows} holds up to {@code limit + 1} rows: one more than the page shows whether another page follows. */
    static AuditPage of(List<AuditEntry> rows, int limit, ObjectMapper json) {
        List<AuditEntry> page = rows.size() <= limit ? rows : rows.subList(0, limit);
        List<AuditEntryResponse> items = page.stream().map(e -> AuditEntryResponse.of(e, json)).toList();
        if (rows.size() <= limit) return new AuditPage(items, null);
        AuditEntry last = page.getLast();
        return new AuditPage(items, CallCursor.encode(last.at, last.id));
    }
}
