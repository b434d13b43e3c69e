package io.callbridge.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

/**
 * The delivery side of the outbox ({@code webhook_outbox}) in plain JDBC, one auto-committed statement per
 * call: {@link #leaseDue} claims a batch of due events, {@link #delivered} and {@link #failed} write an
 * attempt's outcome. Times are the database's ({@code now()}), so every instance leases and retries on one
 * clock. Not for use inside a JTA transaction. Each method throws the {@link SQLException} of its statement.
 */
@ApplicationScoped
public class OutboxLeases {

    /**
     * Due events whose call has no earlier event for the same receiver still pending (per-call order), oldest
     * first, locked with {@code SKIP LOCKED} (what another instance is leasing right now is left to it), and
     * leased in the same statement: their next attempt is moved past the lease, so no other poll or instance
     * takes them until it runs out. An instance that dies holding a lease loses nothing: once it runs out the
     * event is due again. A row another instance leased between this statement's snapshot and its lock is
     * re-checked on the row as committed, no longer due, and left out.
     */
    private static final String LEASE = """
            update webhook_outbox set next_attempt_at = now() + ? * interval '1 millisecond'
             where id in (select o.id from webhook_outbox o
                           where o.delivered_at is null and o.failed_at is null and o.next_attempt_at <= now()
                             and not exists (select 1 from webhook_outbox p
                                              where p.call_sid = o.call_sid and p.endpoint = o.endpoint and p.id < o.id
                                                and p.delivered_at is null and p.failed_at is null)
                           order by o.id
                           limit ?
                           for update skip locked)
            returning id, event_id, event_type, endpoint, payload, format, http_method""";

    /** Only an event still pending: one delivered or given up meanwhile (a second, late attempt) stays as it is. */
    private static final String DELIVERED = """
            update webhook_outbox set attempts = attempts + 1, last_status = ?, last_error = null, delivered_at = now()
             where id = ? and delivered_at is null and failed_at is null""";

    /**
     * Given up when recorded more than give-up-after ago, else due again after the backoff of this attempt
     * (the row's count before it, n - 1, doubles min-backoff n - 1 times, up to max-backoff). Parameters, in
     * order: status, error, give-up-after, give-up-after, min-backoff, max-backoff (milliseconds), id.
     */
    private static final String FAILED = """
            update webhook_outbox
               set attempts = attempts + 1, last_status = ?, last_error = ?,
                   failed_at = case when created_at < now() - ? * interval '1 millisecond' then now() end,
                   next_attempt_at = case when created_at < now() - ? * interval '1 millisecond' then next_attempt_at
                                          else now() + least(? * power(2, least(30, attempts)), ?) * interval '1 millisecond'
                                     end
             where id = ? and delivered_at is null and failed_at is null
            returning attempts, failed_at is not null""";

    private final DataSource db;

    OutboxLeases(DataSource db) {
        this.db = db;
    }

    /** One event leased for one attempt: what its request needs. {@code format} is {@code json} or {@code form}. */
    public record Leased(long id, String eventId, String eventType, String endpoint, String payload, String format,
                         String method) {
    }

    /** What a failed attempt left: the attempts made so far, and whether the event is now given up. */
    public record Failure(int attempts, boolean givenUp) {
    }

    /** Leases up to {@code limit} due events for {@code lease}; oldest first. */
    public List<Leased> leaseDue(int limit, Duration lease) throws SQLException {
        List<Leased> leased = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(LEASE)) {
            s.setLong(1, lease.toMillis());
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    leased.add(new Leased(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
        }
        leased.sort(Comparator.comparingLong(Leased::id)); // RETURNING keeps no order
        return leased;
    }

    /** Records a 2xx answer; false when the event was no longer pending (nothing written). */
    public boolean delivered(long id, int status) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(DELIVERED)) {
            s.setInt(1, status);
            s.setLong(2, id);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Records a failed attempt ({@code status} null when no answer came; {@code error} at most 500 characters);
     * null when the event was no longer pending (nothing written).
     */
    public Failure failed(long id, Integer status, String error, Duration giveUpAfter, Duration minBackoff,
                          Duration maxBackoff) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(FAILED)) {
            if (status == null) s.setNull(1, java.sql.Types.INTEGER);
            else s.setInt(1, status);
            s.setString(2, error);
            s.setLong(3, giveUpAfter.toMillis());
            s.setLong(4, giveUpAfter.toMillis());
            s.setDouble(5, minBackoff.toMillis());
            s.setDouble(6, maxBackoff.toMillis());
            s.setLong(7, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Failure(rs.getInt(1), rs.getBoolean(2)) : null;
            }
        }
    }
}
