package io.callbridge.testing;

import io.callbridge.sip.KamailioRpc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Carrier trunks for tests, written straight into the tables: the app's {@code trunk} and {@code trunk_gateway}
 * rows and, as the app applies them, Kamailio's dispatcher set {@code 100 + trunk id} (lowest gateway priority
 * tried first, so written inverted), then {@code dispatcher.reload}. {@link #close} removes everything it made.
 */
public final class TrunkRows implements AutoCloseable {

    /**
     * A gateway on 127.0.0.1 at {@code port}, tried in {@code priority} order (lowest first), over {@code transport}
     * ({@code udp}, {@code tcp}, {@code tls}), offered SRTP when {@code srtp}.
     */
    public record Gateway(int port, int priority, String transport, boolean srtp) {

        /** A UDP gateway with clear RTP. */
        public Gateway(int port, int priority) {
            this(port, priority, "udp", false);
        }

        /** The dispatcher destination, as TrunkGateway.sipUri writes it. */
        String uri() {
            return "sip:127.0.0.1:" + port + ("udp".equals(transport) ? "" : ";transport=" + transport);
        }
    }

    private final DataSource db;
    private final KamailioRpc rpc;
    private final List<Long> trunks = new ArrayList<>();

    public TrunkRows(DataSource db, KamailioRpc rpc) {
        this.db = db;
        this.rpc = rpc;
        // A trunk left behind by an earlier run would take every outbound call of the suite.
        execute("delete from kamailio.dispatcher where setid >= 100");
        execute("delete from trunk");
    }

    /** A trunk with {@code gateways}; {@code settings} is SQL for the other columns ("auth_username = 'u'"), or null. */
    public long trunk(String name, String settings, Gateway... gateways) {
        long id;
        try (Connection c = db.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("insert into trunk (name) values (?) returning id")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    id = r.getLong(1);
                }
            }
            trunks.add(id);
            if (settings != null) {
                try (PreparedStatement s = c.prepareStatement("update trunk set " + settings + " where id = ?")) {
                    s.setLong(1, id);
                    s.executeUpdate();
                }
            }
            for (Gateway g : gateways) {
                long gw;
                try (PreparedStatement s = c.prepareStatement("insert into trunk_gateway (trunk_id, host, port, priority, "
                        + "transport, srtp) values (?, '127.0.0.1', ?, ?, ?, ?) returning id")) {
                    s.setLong(1, id);
                    s.setInt(2, g.port());
                    s.setInt(3, g.priority());
                    s.setString(4, g.transport());
                    s.setBoolean(5, g.srtp());
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        gw = r.getLong(1);
                    }
                }
                try (PreparedStatement s = c.prepareStatement("insert into kamailio.dispatcher (setid, destination, flags, priority, attrs, description) "
                        + "values (?, ?, 0, ?, ?, ?)")) {
                    s.setInt(1, 100 + (int) id);
                    s.setString(2, g.uri());
                    s.setInt(3, 1000 - g.priority());
                    s.setString(4, "duid=gw-" + gw + (g.srtp() ? ";srtp=1" : ""));
                    s.setString(5, name);
                    s.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        reload();
        return id;
    }

    /** The trunk attempts Kamailio recorded for {@code callSid}, oldest first, as "trunk id/port/SIP code". */
    public List<String> attempts(String callSid) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select trunk_id, gateway, sip_code from trunk_attempt "
                     + "where call_sid = ? order by id")) {
            s.setString(1, callSid);
            List<String> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String gw = r.getString(2).replaceFirst(";.*", "");
                    rows.add(r.getLong(1) + "/" + gw.substring(gw.lastIndexOf(':') + 1) + "/" + r.getInt(3));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void execute(String sql) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (long id : trunks) {
            execute("delete from kamailio.dispatcher where setid = " + (100 + id));
            execute("delete from trunk where id = " + id);
        }
        reload();
    }

    /** Kamailio refuses a reload within a second of the last one ("Ongoing reload"): it is tried again. */
    private void reload() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .pollInterval(java.time.Duration.ofMillis(250))
                .ignoreException(KamailioRpc.Failed.class)
                .until(() -> rpc.call("dispatcher.reload") != null);
    }
}
