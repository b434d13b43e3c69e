package io.callbridge.api.auth;

import java.time.OffsetDateTime;

/** The answer to {@code POST /api/keys}: the only time the key itself is shown. */
public record CreatedApiKeyResponse(String id, String name, String prefix, OffsetDateTime createdAt, String createdBy,
                                    String key) {

    static CreatedApiKeyResponse of(NewApiKey created) {
        ApiKeyInfo i = created.info();
        return new CreatedApiKeyResponse(i.id(), i.name(), i.prefix(), i.createdAt(), i.createdBy(), created.key());
    }

    @Override
    public String toString() {
        return "CreatedApiKeyResponse[id=" + id + ", name=" + name + ", prefix=" + prefix + "]";
    }
}
