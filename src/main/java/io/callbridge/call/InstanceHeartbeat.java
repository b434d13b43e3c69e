package io.callbridge.call;

import io.callbridge.ari.Ownership;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * This instance's heartbeat in table {@code instances}: once a second the process writes that it is alive.
 * At start it first reads when its previous process was last seen, which tells how long the calls that
 * process left behind were without an agent (the gap recorded on their CDRs when they are adopted).
 */
@ApplicationScoped
public class InstanceHeartbeat {

    private static final Logger LOG = Logger.getLogger(InstanceHeartbeat.class);

    private final DataSource db;
    private final Ownership ownership;
    private final String mediaNode;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("heartbeat").daemon().factory());
    private volatile Instant previousSeen;

    InstanceHeartbeat(DataSource db, Ownership ownership, io.callbridge.ari.AriConfig ari) {
        this.db = db;
        this.ownership = ownership;
        this.mediaNode = ari.mediaNode();
    }

    /** Before the ARI link starts (its first connect adopts calls, which needs the previous heartbeat). */
    void start(@Observes @Priority(100) StartupEvent startup) {
        try (Connection c = db.getConnection();
             PreparedStatement q = c.prepareStatement("select seen_at from instances where instance_id = ?")) {
            q.setString(1, ownership.instanceId());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) previousSeen = rs.getTimestamp(1).toInstant();
            }
        } catch (SQLException e) {
            LOG.warnf("reading the previous heartbeat failed: %s", e.getMessage());
        }
        timer.scheduleAtFixedRate(this::beat, 0, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes @Priority(7000) ShutdownEvent shutdown) {
        timer.shutdownNow();
    }

    /** When this instance's previous process was last known alive; empty on its first start. */
    public Optional<Instant> previousProcessLastSeen() {
        return Optional.ofNullable(previousSeen);
    }

    private void beat() {
        try (Connection c = db.getConnection();
             PreparedStatement u = c.prepareStatement("insert into instances(instance_id, seen_at, media_node) values (?, ?, ?) "
                     + "on conflict (instance_id) do update set seen_at = excluded.seen_at, media_node = excluded.media_node")) {
            u.setString(1, ownership.instanceId());
            u.setTimestamp(2, Timestamp.from(Instant.now()));
            u.setString(3, mediaNode);
            u.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("heartbeat failed: %s", e.getMessage());
        }
    }
}
