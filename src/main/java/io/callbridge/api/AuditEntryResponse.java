package io.callbridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callbridge.store.AuditEntry;
import java.time.OffsetDateTime;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An audit log entry as the API shows it; {@code before} and {@code after} are JSON, null where there is none. */
public record AuditEntryResponse(@Schema(required = true) long id, @Schema(required = true) OffsetDateTime at,
                                 @Schema(required = true) Actor actor, @Schema(required = true) String action,
                                 @Schema(required = true) String target,
                                 @Schema(required = true, nullable = true, implementation = Map.class,
                                         description = "The target as the API showed it before the change")
                                 JsonNode before,
                                 @Schema(required = true, nullable = true, implementation = Map.class,
                                         description = "The target as the API shows it after the change")
                                 JsonNode after) {

    /** The API key that made the change: its id and name, never the key. */
    public record Actor(@Schema(required = true) String keyId, @Schema(required = true) String name) {
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
