package io.callbridge.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An API key created through the API (table {@code api_keys}); the key itself is never stored, only its SHA-256. */
@Entity
@Table(name = "api_keys")
public class ApiKeyEntity {

    /** The public id, {@code key_…}. */
    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    /** The first characters of the key, so people can tell their keys apart. */
    @Column(nullable = false)
    public String prefix;

    @Column(name = "key_hash", nullable = false, unique = true)
    public byte[] keyHash;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    /** The key id of the principal that created it. */
    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "last_used_at")
    public OffsetDateTime lastUsedAt;

    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    @Column(name = "revoked_by")
    public String revokedBy;
}
