package io.callbridge.call;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Which carrier trunks a call for a number tries, in order (docs/carriers.md): every enabled trunk
 * (table {@code trunk}), lowest id first. Kamailio tries them in this order, gateway by gateway, and skips a
 * trunk at its limits (kamailio/trunkout.cfg). Read on every call placed to a number (one small query), so a
 * trunk added or disabled counts at once.
 */
@ApplicationScoped
class TrunkSelection {

    private final DataSource db;

    TrunkSelection(DataSource db) {
        this.db = db;
    }

    /**
     * The ids of the enabled trunks, lowest first; empty when there are none (the call then leaves through the
     * static outbound endpoint).
     *
     * @throws IllegalStateException when the database cannot be read
     */
    List<Long> enabledTrunks() {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select id from trunk where enabled order by id");
             ResultSet r = s.executeQuery()) {
            List<Long> ids = new ArrayList<>();
            while (r.next()) ids.add(r.getLong(1));
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the trunks failed: " + e.getMessage(), e);
        }
    }
}
