package io.callbridge.api.auth;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to {@code POST /api/keys}: the only time the key itself is shown. */
public record CreatedApiKeyResponse(@Schema(required = true) String id, @Schema(required = true) String name,
                                    @Schema(required = true) String prefix,
                                    @Schema(required = true) OffsetDateTime createdAt,
                                    @Schema(required = true) String createdBy,
                                    @Schema(required = true, description = "The key itself, shown only here") String key) {

    static CreatedApiKeyResponse of(NewApiKey created) {
        ApiKeyInfo i = created.info();
        return new CreatedApiKeyResponse(i.id(), i.name(), i.prefix(), i.createdAt(), i.createdBy(), created.key());
    }

    @Override
    public String toString() {
        return "CreatedApiKeyResponse[id=" + id + ", name=" + name + ", prefix=" + prefix + "]";
    }
}
