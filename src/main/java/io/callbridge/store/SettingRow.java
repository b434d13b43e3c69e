package io.callbridge.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A runtime setting changed through the API (table {@code settings}); keys without a row have their default. */
@Entity
@Table(name = "settings")
public class SettingRow {

    @Id
    public String key;

    /** The setting's value as JSON text, stored as is. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String value;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /** The key id of the API key that set it. */
    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
