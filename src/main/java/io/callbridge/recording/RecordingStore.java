package io.callbridge.recording;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code recordings} table (V14), in plain JDBC: its writes run on the finisher's threads and on the
 * call's, outside any request transaction. Every method takes or opens its own connection.
 */
@ApplicationScoped
public class RecordingStore {

    private static final String COLUMNS = "id, sid, call_sid, channel_id, instance_id, status, source, started_at, ended_at, "
            + "paused_at, pauses, duration_ms, channels, sample_rate, size_bytes, sha256, file_name, status_callback, error";
    private static final TypeReference<List<Pause>> PAUSES = new TypeReference<>() {
    };

    /** Filter of {@link #list}: each null means any. {@code after}: the cursor, the last row of the page before. */
    public record Filter(String callSid, OffsetDateTime startedFrom, OffsetDateTime startedTo, Cursor after) {
    }

    /** A page boundary: the {@code (started_at, id)} of the last row shown. */
    public record Cursor(OffsetDateTime startedAt, long id) {
    }

    private final DataSource db;
    private final ObjectMapper json;

    RecordingStore(DataSource db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    Connection connection() throws SQLException {
        return db.getConnection();
    }

    void insert(String sid, String callSid, String channelId, String instanceId, String source, OffsetDateTime startedAt,
                String statusCallback) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                insert into recordings (sid, call_sid, channel_id, instance_id, status, source, started_at, status_callback)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            s.setString(1, sid);
            s.setString(2, callSid);
            s.setString(3, channelId);
            s.setString(4, instanceId);
            s.setString(5, RecordingRow.Status.IN_PROGRESS.code);
            s.setString(6, source);
            s.setObject(7, startedAt);
            s.setString(8, statusCallback);
            s.executeUpdate();
        }
    }

    public Optional<RecordingRow> find(String sid) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from recordings where sid = ?")) {
            s.setString(1, sid);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    /** The row {@code sid} read on {@code c} (within the caller's transaction). */
    RecordingRow find(Connection c, String sid) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from recordings where sid = ?")) {
            s.setString(1, sid);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) throw new SQLException("no recording " + sid);
                return row(r);
            }
        }
    }

    /** The open recordings of a call (not ended), oldest first. */
    List<RecordingRow> openOfCall(String callSid) throws SQLException {
        return query("select " + COLUMNS + " from recordings where call_sid = ? and ended_at is null order by id", callSid);
    }

    /** The open recordings this instance started (to finish after a restart). */
    List<RecordingRow> openOf(String instanceId) throws SQLException {
        return query("select " + COLUMNS + " from recordings where instance_id = ? and ended_at is null order by id",
                instanceId);
    }

    /** Stopped recordings of this instance whose WAV is not written yet (the app stopped while finishing). */
    List<RecordingRow> processingOf(String instanceId) throws SQLException {
        return query("select " + COLUMNS + " from recordings where instance_id = ? and status = ? order by id",
                instanceId, RecordingRow.Status.PROCESSING.code);
    }

    /** Newest first: at most {@code limit} rows after {@code filter.after()}. */
    public List<RecordingRow> list(Filter filter, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from recordings where true");
        List<Object> args = new ArrayList<>();
        if (filter.callSid() != null) {
            sql.append(" and call_sid = ?");
            args.add(filter.callSid());
        }
        if (filter.startedFrom() != null) {
            sql.append(" and started_at >= ?");
            args.add(filter.startedFrom());
        }
        if (filter.startedTo() != null) {
            sql.append(" and started_at < ?");
            args.add(filter.startedTo());
        }
        if (filter.after() != null) {
            sql.append(" and (started_at, id) < (?, ?)");
            args.add(filter.after().startedAt());
            args.add(filter.after().id());
        }
        sql.append(" order by started_at desc, id desc limit ?");
        args.add(limit);
        return query(sql.toString(), args.toArray());
    }

    /** Ended before {@code before}: what the retention purge deletes. */
    List<RecordingRow> endedBefore(OffsetDateTime before, int limit) throws SQLException {
        return query("select " + COLUMNS + " from recordings where ended_at < ? order by ended_at limit ?", before, limit);
    }

    /** Starts a pause at {@code at}; false when the recording is not in progress. */
    boolean paused(String sid, OffsetDateTime at) throws SQLException {
        return update("update recordings set status = ?, paused_at = ? where sid = ? and status = ?",
                RecordingRow.Status.PAUSED.code, at, sid, RecordingRow.Status.IN_PROGRESS.code) == 1;
    }

    /** Ends the pause with {@code pauses} (the finished one appended); false when it was not paused. */
    boolean resumed(String sid, List<Pause> pauses) throws SQLException {
        return update("update recordings set status = ?, paused_at = null, pauses = ?::jsonb where sid = ? and status = ?",
                RecordingRow.Status.IN_PROGRESS.code, json(pauses), sid, RecordingRow.Status.PAUSED.code) == 1;
    }

    /** The recording stopped at {@code at} (its files are being fetched); false when it had ended already. */
    boolean stopped(String sid, OffsetDateTime at, List<Pause> pauses) throws SQLException {
        return update("update recordings set status = ?, ended_at = ?, paused_at = null, pauses = ?::jsonb "
                        + "where sid = ? and ended_at is null",
                RecordingRow.Status.PROCESSING.code, at, json(pauses), sid) == 1;
    }

    /** The WAV is written: its figures, on {@code c} (the caller's transaction, with the webhook). */
    void completed(Connection c, String sid, long durationMs, int channels, int sampleRate, long size, String sha256,
                   String fileName) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                update recordings set status = ?, duration_ms = ?, channels = ?, sample_rate = ?, size_bytes = ?,
                       sha256 = ?, file_name = ?, error = null,
                       -- a recording found ended after a restart ended where its file does, not when the app came back
                       ended_at = case when ended_at > started_at + (?::bigint + 2000) * interval '1 millisecond'
                                       then started_at + ?::bigint * interval '1 millisecond' else ended_at end
                 where sid = ?""")) {
            s.setString(1, RecordingRow.Status.COMPLETED.code);
            s.setLong(2, durationMs);
            s.setInt(3, channels);
            s.setInt(4, sampleRate);
            s.setLong(5, size);
            s.setString(6, sha256);
            s.setString(7, fileName);
            s.setLong(8, durationMs);
            s.setLong(9, durationMs);
            s.setString(10, sid);
            s.executeUpdate();
        }
    }

    /** No audio could be had: {@code absent}, with why. */
    void absent(Connection c, String sid, String why) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update recordings set status = ?, error = ? where sid = ?")) {
            s.setString(1, RecordingRow.Status.ABSENT.code);
            s.setString(2, why.length() > 500 ? why.substring(0, 500) : why);
            s.setString(3, sid);
            s.executeUpdate();
        }
    }

    boolean delete(String sid) throws SQLException {
        return update("delete from recordings where sid = ?", sid) == 1;
    }

    private int update(String sql, Object... args) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            return s.executeUpdate();
        }
    }

    private List<RecordingRow> query(String sql, Object... args) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            List<RecordingRow> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) rows.add(row(r));
            }
            return rows;
        }
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) s.setNull(i + 1, Types.VARCHAR);
            else s.setObject(i + 1, args[i]);
        }
    }

    private RecordingRow row(ResultSet r) throws SQLException {
        return new RecordingRow(r.getLong("id"), r.getString("sid"), r.getString("call_sid"), r.getString("channel_id"),
                r.getString("instance_id"),
                r.getString("status"), r.getString("source"), r.getObject("started_at", OffsetDateTime.class),
                r.getObject("ended_at", OffsetDateTime.class), r.getObject("paused_at", OffsetDateTime.class),
                pauses(r.getString("pauses")), (Long) r.getObject("duration_ms"), (Integer) r.getObject("channels"),
                (Integer) r.getObject("sample_rate"), (Long) r.getObject("size_bytes"), r.getString("sha256"),
                r.getString("file_name"), r.getString("status_callback"), r.getString("error"));
    }

    private List<Pause> pauses(String text) {
        try {
            return text == null ? List.of() : List.copyOf(json.readValue(text, PAUSES));
        } catch (JsonProcessingException e) {
            return List.of(); // written by this class only
        }
    }

    private String json(List<Pause> pauses) {
        try {
            return json.writeValueAsString(pauses);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a list of records always serializes
        }
    }
}
