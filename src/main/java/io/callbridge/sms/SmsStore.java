package io.callbridge.sms;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of {@code sms_messages}, {@code sms_attempts} and {@code sms_numbers} (V20, V28), on the caller's
 * connection so each change commits with the webhook events that report it.
 */
@ApplicationScoped
class SmsStore {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "sid, direction, from_number, to_number, body, status, error_code, error_message, "
            + "status_callback, webhook_url, webhook_format, webhook_status, reply_to, attempts, wait_until, created_at, updated_at, "
            + "trunk_id";

    /** A new message sid: {@code SM} and 32 hex digits, as Twilio's. */
    static String newSid() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return "SM" + HexFormat.of().formatHex(b);
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** A number's messaging route. */
    record NumberRoute(String number, String url, String format) {
    }

    Optional<NumberRoute> route(Connection c, String number) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select number, url, format from sms_numbers where number = ?")) {
            s.setString(1, number);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new NumberRoute(r.getString(1), r.getString(2), r.getString(3))) : Optional.empty();
            }
        }
    }

    void putRoute(Connection c, NumberRoute route) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into sms_numbers (number, url, format) values (?, ?, ?) "
                + "on conflict (number) do update set url = excluded.url, format = excluded.format")) {
            s.setString(1, route.number());
            s.setString(2, route.url());
            s.setString(3, route.format());
            s.executeUpdate();
        }
    }

    boolean deleteRoute(Connection c, String number) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("delete from sms_numbers where number = ?")) {
            s.setString(1, number);
            return s.executeUpdate() > 0;
        }
    }

    /** Stores a new message, due at once (inbound: for its webhook; outbound: for sending). */
    void insert(Connection c, SmsMessage m) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into sms_messages (sid, direction, from_number, to_number, body, "
                + "status, status_callback, webhook_url, webhook_format, webhook_status, reply_to, next_attempt_at, created_at, "
                + "updated_at, trunk_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, case when ? then 'pending' end, ?, ?, ?, ?, ?)")) {
            s.setString(1, m.sid());
            s.setString(2, m.direction());
            s.setString(3, m.from());
            s.setString(4, m.to());
            s.setString(5, m.body());
            s.setString(6, m.status());
            s.setString(7, m.statusCallback());
            s.setString(8, m.webhookUrl());
            s.setString(9, m.webhookFormat());
            s.setBoolean(10, m.inbound());
            s.setString(11, m.replyTo());
            s.setObject(12, m.createdAt());
            s.setObject(13, m.createdAt());
            s.setObject(14, m.createdAt());
            if (m.trunkId() == null) s.setNull(15, Types.BIGINT);
            else s.setLong(15, m.trunkId());
            s.executeUpdate();
        }
    }

    /**
     * Leases up to {@code limit} due messages for {@code lease}: each is worked on by one instance at a time
     * ({@code skip locked}); one whose instance died is due again when its lease ends. Returns them with their
     * attempt counted.
     */
    List<SmsMessage> claimDue(Connection c, int limit, Duration lease) throws SQLException {
        OffsetDateTime now = now();
        List<SmsMessage> claimed = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("update sms_messages set lease_until = ?, attempts = attempts + 1, "
                + "updated_at = ? where sid in (select sid from sms_messages where next_attempt_at <= ? "
                + "and (lease_until is null or lease_until < ?) order by next_attempt_at limit ? for update skip locked) "
                + "returning " + COLUMNS)) {
            s.setObject(1, now.plus(lease));
            s.setObject(2, now);
            s.setObject(3, now);
            s.setObject(4, now);
            s.setInt(5, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) claimed.add(row(r));
            }
        }
        return claimed;
    }

    /** Sets the status (and error) of a message; {@code nextAttempt} null ends its work, else it is due again then. */
    void update(Connection c, String sid, SmsStatus status, Integer errorCode, String errorMessage,
                OffsetDateTime nextAttempt, OffsetDateTime waitUntil) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update sms_messages set status = ?, error_code = ?, error_message = ?, "
                + "next_attempt_at = ?, wait_until = coalesce(?, wait_until), lease_until = null, updated_at = ? where sid = ?")) {
            s.setString(1, status.wire());
            if (errorCode == null) s.setNull(2, Types.INTEGER);
            else s.setInt(2, errorCode);
            s.setString(3, errorMessage);
            s.setObject(4, nextAttempt);
            s.setObject(5, waitUntil);
            s.setObject(6, now());
            s.setString(7, sid);
            s.executeUpdate();
        }
    }

    /**
     * The outcome of an inbound message's webhook POST: {@code webhookStatus} pending (due again at
     * {@code nextAttempt}), delivered or failed; {@code httpStatus} the receiver's answer (null: none).
     */
    void webhookOutcome(Connection c, String sid, String webhookStatus, Integer httpStatus, String error,
                        OffsetDateTime nextAttempt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update sms_messages set webhook_status = ?, error_code = ?, "
                + "error_message = ?, next_attempt_at = ?, lease_until = null, updated_at = ? where sid = ?")) {
            s.setString(1, webhookStatus);
            if (httpStatus == null) s.setNull(2, Types.INTEGER);
            else s.setInt(2, httpStatus);
            s.setString(3, error);
            s.setObject(4, nextAttempt);
            s.setObject(5, now());
            s.setString(6, sid);
            s.executeUpdate();
        }
    }

    /** Marks a message as sending (before its request leaves), keeping its lease. */
    void sending(Connection c, String sid) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update sms_messages set status = 'sending', updated_at = ? where sid = ?")) {
            s.setObject(1, now());
            s.setString(2, sid);
            s.executeUpdate();
        }
    }

    /**
     * A message sent through a trunk: the trunk it left through, and the attempts counted as the SIP requests
     * made ({@code attempts}), since one pass may try several gateways.
     */
    void sentThrough(Connection c, String sid, long trunkId, int attempts) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update sms_messages set trunk_id = ?, attempts = ? where sid = ?")) {
            s.setLong(1, trunkId);
            s.setInt(2, attempts);
            s.setString(3, sid);
            s.executeUpdate();
        }
    }

    /**
     * A message that may not go yet (every trunk is at its rate limit): due again at {@code next}, its lease
     * released and the attempt its lease counted given back, since no request was sent.
     */
    void defer(Connection c, String sid, OffsetDateTime next) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update sms_messages set next_attempt_at = ?, lease_until = null, "
                + "attempts = greatest(attempts - 1, 0), updated_at = ? where sid = ?")) {
            s.setObject(1, next);
            s.setObject(2, now());
            s.setString(3, sid);
            s.executeUpdate();
        }
    }

    /** Messages to an offline user that wait for a registration: due now. */
    int wakeWaiting(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update sms_messages set next_attempt_at = ? "
                + "where wait_until is not null and next_attempt_at > ? and status = 'queued'")) {
            OffsetDateTime now = now();
            s.setObject(1, now);
            s.setObject(2, now);
            return s.executeUpdate();
        }
    }

    void attempt(Connection c, String sid, int attempt, String target, Integer code, String reason) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into sms_attempts (sid, attempt, target, code, reason) "
                + "values (?, ?, ?, ?, ?) on conflict (sid, attempt) do nothing")) {
            s.setString(1, sid);
            s.setInt(2, attempt);
            s.setString(3, target);
            if (code == null) s.setNull(4, Types.INTEGER);
            else s.setInt(4, code);
            s.setString(5, reason == null ? null : reason.length() > 500 ? reason.substring(0, 500) : reason);
            s.executeUpdate();
        }
    }

    Optional<SmsMessage> find(Connection c, String sid) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from sms_messages where sid = ?")) {
            s.setString(1, sid);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    /** One attempt of a message, for {@code GET /api/sms/{sid}}. */
    record Attempt(int attempt, OffsetDateTime at, String target, Integer code, String reason) {
    }

    List<Attempt> attempts(Connection c, String sid) throws SQLException {
        List<Attempt> list = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select attempt, at, target, code, reason from sms_attempts "
                + "where sid = ? order by attempt")) {
            s.setString(1, sid);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    int code = r.getInt(4);
                    list.add(new Attempt(r.getInt(1), r.getObject(2, OffsetDateTime.class), r.getString(3),
                            r.wasNull() ? null : code, r.getString(5)));
                }
            }
        }
        return list;
    }

    /** History filters; null means any. {@code after} is a cursor: (created_at, sid) of the last row seen. */
    record Filter(String number, String direction, String status, OffsetDateTime since, OffsetDateTime until,
                  OffsetDateTime afterCreated, String afterSid, int limit) {
    }

    /** Newest first, {@code limit} rows at most. */
    List<SmsMessage> history(Connection c, Filter f) throws SQLException {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from sms_messages where true");
        List<Object> args = new ArrayList<>();
        if (f.number() != null) {
            sql.append(" and (from_number = ? or to_number = ?)");
            args.add(f.number());
            args.add(f.number());
        }
        if (f.direction() != null) {
            sql.append(" and direction = ?");
            args.add(f.direction());
        }
        if (f.status() != null) {
            sql.append(" and status = ?");
            args.add(f.status());
        }
        if (f.since() != null) {
            sql.append(" and created_at >= ?");
            args.add(f.since());
        }
        if (f.until() != null) {
            sql.append(" and created_at < ?");
            args.add(f.until());
        }
        if (f.afterCreated() != null) {
            sql.append(" and (created_at, sid) < (?, ?)");
            args.add(f.afterCreated());
            args.add(f.afterSid());
        }
        sql.append(" order by created_at desc, sid desc limit ?");
        args.add(f.limit());
        List<SmsMessage> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) s.setObject(i + 1, args.get(i));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) rows.add(row(r));
            }
        }
        return rows;
    }

    private static SmsMessage row(ResultSet r) throws SQLException {
        int code = r.getInt("error_code");
        Integer errorCode = r.wasNull() ? null : code;
        return new SmsMessage(r.getString("sid"), r.getString("direction"), r.getString("from_number"),
                r.getString("to_number"), r.getString("body"), r.getString("status"), errorCode,
                r.getString("error_message"), r.getString("status_callback"), r.getString("webhook_url"),
                r.getString("webhook_format"), r.getString("webhook_status"), r.getString("reply_to"), r.getInt("attempts"),
                r.getObject("wait_until", OffsetDateTime.class), r.getObject("created_at", OffsetDateTime.class),
                r.getObject("updated_at", OffsetDateTime.class), r.getObject("trunk_id", Long.class));
    }
}
