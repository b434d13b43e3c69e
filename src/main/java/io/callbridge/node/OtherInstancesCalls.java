package io.callbridge.node;

import io.callbridge.api.ActiveCallResponse;
import io.callbridge.ari.Ownership;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The calls in progress on the other live instances, read from their CDR rows in the shared database: every
 * instance writes a call's row when the call arrives ({@code calls.instance_id} names the owner), its answer and
 * route when it is answered, and its end; so one indexed query lists them without asking the instances. An
 * instance is live as {@link InstanceAddresses} counts it (heartbeat within {@value InstanceAddresses#LIVE_SECONDS}
 * s): the open rows of a dead instance are calls nobody serves, and are left out as they are by forwarding.
 */
@ApplicationScoped
public class OtherInstancesCalls {

    private static final String OPEN_CALLS = """
            select k.call_sid, k.direction, k.from_number, k.to_number, k.state, k.started_at, k.route, k.instance_id
              from calls k join instances i on i.instance_id = k.instance_id
             where k.ended_at is null and k.instance_id <> ? and i.seen_at > now() - make_interval(secs => ?)
             order by k.started_at desc""";

    private final DataSource db;
    private final Ownership ownership;

    OtherInstancesCalls(DataSource db, Ownership ownership) {
        this.db = db;
        this.ownership = ownership;
    }

    /**
     * The open calls of every live instance but this one, newest first; {@code state} is {@code ringing} or
     * {@code answered} as their rows say ({@code ending} is not written: a call being torn down shows as answered
     * until its end is).
     *
     * @throws SQLException when the database cannot be read
     */
    public List<ActiveCallResponse> list() throws SQLException {
        return listExcept(ownership.instanceId());
    }

    /** The open calls of every live instance but {@code instanceId}: what that instance reads. */
    List<ActiveCallResponse> listExcept(String instanceId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(OPEN_CALLS)) {
            q.setString(1, instanceId);
            q.setInt(2, InstanceAddresses.LIVE_SECONDS);
            List<ActiveCallResponse> calls = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    calls.add(new ActiveCallResponse(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5).toLowerCase(Locale.ROOT), rs.getObject(6, OffsetDateTime.class).toInstant(),
                            rs.getString(7), rs.getString(8)));
                }
            }
            return calls;
        }
    }
}
