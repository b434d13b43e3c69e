package io.callbridge.trunk;

import io.callbridge.sip.Cidr;
import io.callbridge.sip.KamailioRpc;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Writes the SIP edge's side of the trunks from the app's tables, then has Kamailio reload it (docs/carriers.md):
 * <ul>
 *   <li>inbound sources: {@code kamailio.address} rows in group 100 + trunk id (tag {@code trunk-<id>}), which
 *       kamailio/trunks.cfg matches a request's source against (view {@code trunk_groups} lists the groups);</li>
 *   <li>gateways: {@code kamailio.dispatcher} set 100 + trunk id, one row per gateway with attributes
 *       {@code duid=gw-<gateway id>;weight=<weight>}, and {@code ;srtp=1} for a gateway that takes SRTP (kamailio/
 *       trunkout.cfg has rtpengine offer it RTP/SAVP with SDES keys), probed with OPTIONS (flag 8); the gateway
 *       with the lowest priority gets the highest dispatcher priority, so it is tried first;</li>
 *   <li>registration: a {@code kamailio.uacreg} row {@code trunk-<id>} toward the first gateway for a trunk that
 *       registers;</li>
 *   <li>the inbound policy ({@link InboundConfig#inboundPolicy()}): row {@code inbound_open} of {@code kamailio.edge_flags}.</li>
 * </ul>
 * Every trunk row is written again on each change (a handful of rows per trunk), so Kamailio's tables never drift
 * from the app's. Disabled trunks have no rows: their calls are refused and no call leaves through them. Set 1 and
 * groups 1-3 (media nodes, IP rules, trusted peers) are never touched.
 */
@ApplicationScoped
public class TrunkSync {

    private static final Logger LOG = Logger.getLogger(TrunkSync.class);
    /** Serialises writers of the trunk rows (several app instances share the database). */
    private static final long LOCK_KEY = 0x7472756e6bL;
    /** Dispatcher flag: probe the destination with OPTIONS. */
    static final int DS_PROBING = 8;

    private final DataSource db;
    private final TrunkStore store;
    private final KamailioRpc rpc;
    private final InboundConfig config;

    TrunkSync(DataSource db, TrunkStore store, KamailioRpc rpc, InboundConfig config) {
        this.db = db;
        this.store = store;
        this.rpc = rpc;
        this.config = config;
    }

    /** At start: the Kamailio rows and the inbound policy as the app's tables and settings say, then a reload. */
    void onStart(@Observes StartupEvent ignored) {
        try {
            writeAll();
            reload(null);
        } catch (RuntimeException e) {
            LOG.warnf("the trunks could not be written to Kamailio's tables at start: %s", e.getMessage());
        }
    }

    /** {@link #write()} in a transaction of its own. */
    @Transactional
    public void writeAll() {
        write();
    }

    /** Rewrites every trunk row of Kamailio's tables, in the caller's transaction. */
    public void write() {
        try (Connection c = db.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("select pg_advisory_xact_lock(" + LOCK_KEY + ")");
                s.executeUpdate("delete from kamailio.address where grp >= 100");
                s.executeUpdate("delete from kamailio.dispatcher where setid >= 100");
                s.executeUpdate("delete from kamailio.uacreg where l_uuid like 'trunk-%'");
            }
            try (PreparedStatement address = c.prepareStatement("insert into kamailio.address (grp, ip_addr, mask, port, tag) values (?, ?, ?, 0, ?)");
                 PreparedStatement dispatcher = c.prepareStatement("insert into kamailio.dispatcher (setid, destination, flags, priority, "
                         + "attrs, description) values (?, ?, ?, ?, ?, ?)");
                 PreparedStatement uacreg = c.prepareStatement("insert into kamailio.uacreg (l_uuid, l_username, l_domain, r_username, "
                         + "r_domain, realm, auth_username, auth_password, auth_proxy, expires, flags, reg_delay) "
                         + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)")) {
                for (TrunkStore.Stored stored : store.list()) {
                    Trunk t = stored.trunk();
                    if (!t.enabled()) continue;
                    int group = Trunk.kamailioGroup(t.id());
                    for (String source : t.inboundSources()) {
                        Cidr cidr = Cidr.parse(source);
                        address.setInt(1, group);
                        address.setString(2, cidr.address());
                        address.setInt(3, cidr.prefix());
                        address.setString(4, "trunk-" + t.id());
                        address.addBatch();
                    }
                    for (TrunkGateway g : t.gateways()) {
                        dispatcher.setInt(1, group);
                        dispatcher.setString(2, g.sipUri());
                        dispatcher.setInt(3, DS_PROBING);
                        dispatcher.setInt(4, 1000 - g.priority());
                        dispatcher.setString(5, dispatcherAttrs(g));
                        dispatcher.setString(6, clip("trunk " + t.name()));
                        dispatcher.addBatch();
                    }
                    if (t.register() && !t.gateways().isEmpty() && t.authUsername() != null) {
                        TrunkGateway first = t.gateways().get(0);
                        uacreg.setString(1, "trunk-" + t.id());
                        uacreg.setString(2, t.authUsername());
                        uacreg.setString(3, first.host());
                        uacreg.setString(4, t.authUsername());
                        uacreg.setString(5, first.host());
                        uacreg.setString(6, t.authRealm() == null ? "" : t.authRealm());
                        uacreg.setString(7, t.authUsername());
                        uacreg.setString(8, stored.authPassword() == null ? "" : stored.authPassword());
                        uacreg.setString(9, first.sipUri());
                        uacreg.setInt(10, t.registerExpires());
                        uacreg.addBatch();
                    }
                }
                address.executeBatch();
                dispatcher.executeBatch();
                uacreg.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("insert into kamailio.edge_flags (key_name, key_type, value_type, key_value) "
                    + "values ('inbound_open', 0, 1, ?) on conflict (key_name) do update set key_value = excluded.key_value")) {
                s.setString(1, config.inboundPolicy() == InboundConfig.InboundPolicy.OPEN ? "1" : "0");
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("writing the trunks to Kamailio's tables failed: " + e.getMessage(), e);
        }
    }

    /**
     * Has Kamailio read the trunk rows again (after they committed): address lists, the trunk groups and edge
     * flags, dispatcher sets, and the registration of trunk {@code changed} ({@code uac.reg_refresh}, or
     * {@code uac.reg_remove} when it no longer registers), or every registration when {@code changed} is null
     * ({@code uac.reg_reload}, which Kamailio allows once per {@code reg_gc_interval}: kamailio/trunks.cfg).
     * Returns false, and logs, when Kamailio could not be told: it reads the tables when it starts.
     */
    public boolean reload(Long changed) {
        try {
            rpc.call("permissions.addressReload");
            rpc.call("htable.reload", "trunk_groups");
            rpc.call("htable.reload", "edge_flags");
            reloadDispatcher();
            if (changed == null) {
                rpc.call("uac.reg_reload");
            } else if (registers(changed)) {
                rpc.call("uac.reg_refresh", "trunk-" + changed);
            } else {
                try {
                    rpc.call("uac.reg_remove", "trunk-" + changed);
                } catch (KamailioRpc.Failed notThere) {
                    // The trunk did not register before either.
                }
            }
            return true;
        } catch (KamailioRpc.RpcException e) {
            LOG.warnf("the trunks are stored but Kamailio has not reloaded them: %s", e.getMessage());
            return false;
        }
    }

    /**
     * {@code dispatcher.reload}, which Kamailio refuses within {@code reload_delta} (1 s, kamailio.cfg) of the
     * last one: tried again, 250 ms apart, for up to 3 s.
     */
    private void reloadDispatcher() {
        for (int attempt = 1; ; attempt++) {
            try {
                rpc.call("dispatcher.reload");
                return;
            } catch (KamailioRpc.Failed tooSoon) {
                if (attempt >= 12) throw tooSoon;
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw tooSoon;
                }
            }
        }
    }

    private boolean registers(long trunk) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select 1 from kamailio.uacreg where l_uuid = ?")) {
            s.setString(1, "trunk-" + trunk);
            try (var rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading kamailio.uacreg failed: " + e.getMessage(), e);
        }
    }

    /** A gateway's dispatcher attributes: {@code duid=gw-<id>;weight=<weight>[;srtp=1]} (read by kamailio/trunkout.cfg). */
    static String dispatcherAttrs(TrunkGateway g) {
        return "duid=gw-" + g.id() + ";weight=" + g.weight() + (Boolean.TRUE.equals(g.srtp()) ? ";srtp=1" : "");
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64);
    }
}
