package io.callbridge.api.auth;

import io.callbridge.store.ApiKeyEntity;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A stored API key without its secret: what {@code GET /api/keys} lists and what {@link ApiKeyService}
 * reports of a change.
 *
 * @param prefix     the first characters of the key, to recognise it
 * @param createdBy  the key id of the principal that created it
 * @param lastUsedAt the last use, to the minute; null when never used
 * @param revokedAt  null while the key works
 * @param revokedBy  the key id of the principal that revoked it
 */
public record ApiKeyInfo(@Schema(required = true) String id, @Schema(required = true) String name,
                         @Schema(required = true) String prefix, @Schema(required = true) OffsetDateTime createdAt,
                         @Schema(required = true) String createdBy,
                         @Schema(required = true, nullable = true) OffsetDateTime lastUsedAt,
                         @Schema(required = true, nullable = true) OffsetDateTime revokedAt,
                         @Schema(required = true, nullable = true) String revokedBy) {

    static ApiKeyInfo of(ApiKeyEntity e) {
        return new ApiKeyInfo(e.id, e.name, e.prefix, e.createdAt, e.createdBy, e.lastUsedAt, e.revokedAt, e.revokedBy);
    }
}
