package io.callbridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callbridge.store.AuditEntry;
import java.time.OffsetDateTime;

/** An audit log entry as the API shows it; {@code before} and {@code after} are JSON, null where there is none. */
public record AuditEntryResponse(long id, OffsetDateTime at, Actor actor, String action, String target,
                                 JsonNode before, JsonNode after) {

    /** The API key that made the change: its id and name, never the key. */
    public record Actor(String keyId, String name) {
    }

    static AuditEntryResponse of(AuditEntry e, ObjectMapper json) {
        return new AuditEntryResponse(e.id, e.at, new Actor(e.actorKeyId, e.actorName), e.action, e.target,
                tree(e.before, json), tree(e.after, json));
    }

    private static JsonNode tree(String text, ObjectMapper json) {
        if (text == null) return null;
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit_log holds jsonb; it always parses", e);
        }
    }
}
