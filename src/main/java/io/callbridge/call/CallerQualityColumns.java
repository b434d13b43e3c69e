package io.callbridge.call;

import io.callbridge.quality.CallerQuality;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** The caller leg's figures ({@link CallerQuality}) as the CDR's {@code caller_*} columns (V15) and as JSON. */
final class CallerQualityColumns {

    /** How many parameters {@link #set} fills. */
    static final int COUNT = 11;

    private CallerQualityColumns() {
    }

    /** Sets parameters {@code first} to {@code first + COUNT - 1}; all null for null. */
    static void set(PreparedStatement s, int first, CallerQuality q) throws SQLException {
        int i = first;
        setLong(s, i++, q == null ? null : q.packetsIn());
        setLong(s, i++, q == null ? null : q.packetsLostIn());
        setDouble(s, i++, q == null ? null : q.lossInPercent());
        setDouble(s, i++, q == null ? null : q.jitterInMs());
        setLong(s, i++, q == null ? null : q.packetsOut());
        setLong(s, i++, q == null ? null : q.packetsLostOut());
        setDouble(s, i++, q == null ? null : q.lossOutPercent());
        setDouble(s, i++, q == null ? null : q.jitterOutMs());
        setDouble(s, i++, q == null ? null : q.rttMs());
        setDouble(s, i++, q == null ? null : q.mos());
        s.setObject(i, q == null ? null : OpenCdr.stored(q.sampledAt()), Types.TIMESTAMP_WITH_TIMEZONE);
    }

    /** The {@code callerQuality} object of {@code call.completed}; null for a call without figures. */
    static Map<String, Object> json(CallerQuality q) {
        if (q == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("packetsIn", q.packetsIn());
        m.put("packetsLostIn", q.packetsLostIn());
        m.put("lossInPercent", q.lossInPercent());
        m.put("jitterInMs", q.jitterInMs());
        m.put("packetsOut", q.packetsOut());
        m.put("packetsLostOut", q.packetsLostOut());
        m.put("lossOutPercent", q.lossOutPercent());
        m.put("jitterOutMs", q.jitterOutMs());
        m.put("rttMs", q.rttMs());
        m.put("mos", q.mos());
        OffsetDateTime at = OpenCdr.stored(q.sampledAt());
        m.put("sampledAt", at.toString());
        return m;
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) s.setNull(i, Types.BIGINT);
        else s.setLong(i, v);
    }

    private static void setDouble(PreparedStatement s, int i, Double v) throws SQLException {
        if (v == null) s.setNull(i, Types.DOUBLE);
        else s.setDouble(i, v);
    }
}
