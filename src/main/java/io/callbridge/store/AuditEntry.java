package io.callbridge.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One change made through the API (table {@code audit_log}). Written once, never updated. */
@Entity
@Table(name = "audit_log")
public class AuditEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The database's now(): the start of the transaction that made the change. */
    @Column(nullable = false, insertable = false, updatable = false)
    public OffsetDateTime at;

    @Column(name = "actor_key_id", nullable = false, updatable = false)
    public String actorKeyId;

    @Column(name = "actor_name", nullable = false, updatable = false)
    public String actorName;

    @Column(nullable = false, updatable = false)
    public String action;

    @Column(nullable = false, updatable = false)
    public String target;

    /** JSON text, stored as is (a String is not run through Hibernate's JSON mapper). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb", updatable = false)
    public String before;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb", updatable = false)
    public String after;
}
