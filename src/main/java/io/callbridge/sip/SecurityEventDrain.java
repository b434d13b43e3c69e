package io.callbridge.sip;

import io.callbridge.audit.Actor;
import io.callbridge.audit.AuditLog;
import io.callbridge.webhook.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Takes Kamailio's security events out of {@code kamailio.security_event}: each becomes an audit entry
 * (actor {@code kamailio}) and a {@code security.*} webhook in the outbox, and its row is deleted, all in one
 * transaction. A row is gone exactly when its entry and webhook are stored, so an app that dies midway
 * takes the rows again after its restart (at least once). Rows are locked with SKIP LOCKED: several
 * instances share the work without taking a row twice.
 */
@ApplicationScoped
class SecurityEventDrain {

    static final Actor KAMAILIO = new Actor("kamailio", "Kamailio edge");

    private final DataSource db;
    private final AuditLog audit;
    private final WebhookOutbox outbox;

    SecurityEventDrain(DataSource db, AuditLog audit, WebhookOutbox outbox) {
        this.db = db;
        this.audit = audit;
        this.outbox = outbox;
    }

    /** Up to {@code batch} events, oldest first; returns those taken (committed when this returns). */
    @Transactional
    List<SecurityEvent> drain(int batch) throws SQLException {
        List<SecurityEvent> taken = new ArrayList<>();
        // The connection joins this JTA transaction, like the audit entry's.
        try (Connection c = db.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("select id, at, kind, reason, address, username, user_agent, "
                    + "count, ban_seconds from kamailio.security_event order by id limit ? for update skip locked")) {
                s.setInt(1, batch);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        taken.add(new SecurityEvent(r.getLong(1), r.getObject(2, OffsetDateTime.class), r.getString(3),
                                r.getString(4), r.getString(5), r.getString(6), r.getString(7),
                                (Integer) r.getObject(8), (Integer) r.getObject(9)));
                    }
                }
            }
            if (taken.isEmpty()) return taken;
            for (SecurityEvent e : taken) {
                String action = SecurityEvent.BAN.equals(e.kind()) ? AuditLog.SECURITY_BAN : AuditLog.SECURITY_AUTH_FAILURES;
                audit.record(KAMAILIO, action, e.target(), null, e.data());
                outbox.record(c, e.webhookType(), null, e.data());
            }
            try (PreparedStatement d = c.prepareStatement("delete from kamailio.security_event where id = any (?)")) {
                d.setArray(1, c.createArrayOf("bigint", taken.stream().map(SecurityEvent::id).toArray()));
                d.executeUpdate();
            }
        }
        return taken;
    }
}
