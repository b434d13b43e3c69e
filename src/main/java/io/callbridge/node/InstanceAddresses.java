package io.callbridge.node;

import io.callbridge.ari.Ownership;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Where each instance's REST API is (table {@code instances}, column {@code address}): this instance writes its
 * own at start, and {@link #ownerOf} tells which live instance owns an open call and where to reach it.
 */
@ApplicationScoped
public class InstanceAddresses {

    /** An instance whose heartbeat is older than this is not forwarded to: it is down, its calls are not served. */
    static final int LIVE_SECONDS = 10;

    private static final Logger LOG = Logger.getLogger(InstanceAddresses.class);

    /** The live instance that owns a call, and the base URL of its REST API. */
    public record Owner(String instanceId, String address) {
    }

    private final DataSource db;
    private final Ownership ownership;
    private final String address;

    InstanceAddresses(DataSource db, Ownership ownership, InstanceConfig config,
                      @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
        this.db = db;
        this.ownership = ownership;
        this.address = config.address().filter(a -> !a.isBlank()).map(a -> a.replaceAll("/+$", ""))
                .orElse("http://127.0.0.1:" + httpPort);
    }

    /** This instance's address, as the others see it. */
    public String self() {
        return address;
    }

    /** After the heartbeat's first read (priority 100), before calls come. */
    void start(@Observes @Priority(150) StartupEvent startup) {
        try (Connection c = db.getConnection();
             PreparedStatement u = c.prepareStatement("insert into instances(instance_id, seen_at, address) values (?, now(), ?) "
                     + "on conflict (instance_id) do update set address = excluded.address")) {
            u.setString(1, ownership.instanceId());
            u.setString(2, address);
            u.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("writing this instance's address failed (requests about its calls will not be forwarded "
                    + "to it): %s", e.getMessage());
        }
    }

    /**
     * The live instance other than this one that owns the open call {@code callSid}; empty when the call is this
     * instance's, has ended, is unknown, or its owner is down or has no address.
     */
    public Optional<Owner> ownerOf(String callSid) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement q = c.prepareStatement("select i.instance_id, i.address from calls k "
                     + "join instances i on i.instance_id = k.instance_id where k.call_sid = ? and k.ended_at is null "
                     + "and i.address is not null and i.seen_at > now() - make_interval(secs => ?)")) {
            q.setString(1, callSid);
            q.setInt(2, LIVE_SECONDS);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next() || rs.getString(1).equals(ownership.instanceId())) return Optional.empty();
                return Optional.of(new Owner(rs.getString(1), rs.getString(2)));
            }
        }
    }
}
