package io.callbridge.call;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The trunk attempts of a call's outbound legs, written by Kamailio into {@code trunk_attempt}. */
@ApplicationScoped
public class TrunkAttempts {

    private final DataSource db;

    TrunkAttempts(DataSource db) {
        this.db = db;
    }

    /**
     * Every attempt of call {@code callSid}, oldest first; empty for a call that used no trunk.
     *
     * @throws IllegalStateException when the database cannot be read
     */
    public List<TrunkAttempt> of(String callSid) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select trunk_id, gateway, sip_code, created_at from trunk_attempt "
                     + "where call_sid = ? order by id")) {
            s.setString(1, callSid);
            List<TrunkAttempt> attempts = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    attempts.add(new TrunkAttempt(r.getLong(1), r.getString(2), r.getInt(3),
                            r.getTimestamp(4).toInstant()));
                }
            }
            return attempts;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the trunk attempts of " + callSid + " failed: " + e.getMessage(), e);
        }
    }
}
