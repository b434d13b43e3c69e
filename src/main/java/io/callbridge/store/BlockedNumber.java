package io.callbridge.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A blocked caller (table {@code blocked_numbers}), number in E.164 form. */
@Entity
@Table(name = "blocked_numbers")
public class BlockedNumber {

    @Id
    public String number;

    public String reason;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}
