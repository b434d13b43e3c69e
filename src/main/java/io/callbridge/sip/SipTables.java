package io.callbridge.sip;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Plain JDBC on Kamailio's tables (schema {@code kamailio}, made from Kamailio's own definitions plus
 * kamailio/schema/*.sql, not by Flyway). Connections join the caller's transaction, so a change and its audit
 * entry commit together.
 */
@ApplicationScoped
class SipTables {

    /** An insert hit a unique constraint: another writer took the same user, domain or alias first. */
    static final class Duplicate extends RuntimeException {
        Duplicate(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Reads one row of a result. */
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource db;

    SipTables(DataSource db) {
        this.db = db;
    }

    <T> List<T> query(String sql, Row<T> row, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = prepare(c, sql, params, false);
             ResultSet rs = s.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) rows.add(row.read(rs));
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("reading Kamailio's tables failed: " + e.getMessage(), e);
        }
    }

    int update(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = prepare(c, sql, params, false)) {
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("writing Kamailio's tables failed: " + e.getMessage(), e);
        }
    }

    /** Runs an insert and returns the new row's {@code id}; {@link Duplicate} when a unique constraint refuses it. */
    long insert(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = prepare(c, sql, params, true)) {
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong("id");
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) throw new Duplicate(e);
            throw new IllegalStateException("writing Kamailio's tables failed: " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object[] params, boolean keys) throws SQLException {
        PreparedStatement s = keys ? c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS) : c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
        return s;
    }
}
