package io.callbridge.call;

import io.callbridge.sip.EdgeDomains;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Which carrier trunks a call for a number tries, in order (docs/carriers.md): every enabled trunk
 * (table {@code trunk}), lowest id first. Kamailio tries them in this order, gateway by gateway, and skips a
 * trunk at its limits (kamailio/trunkout.cfg). A call to a SIP URI at a trunk's gateway tries that trunk alone
 * ({@link #trunkFor}). Read on every call placed (one small query), so a trunk added or disabled counts at once.
 */
@ApplicationScoped
class TrunkSelection {

    /** The port of a SIP URI's host (an IPv4 address or a name): {@code sip:user@host:5061;...}. */
    private static final Pattern PORT = Pattern.compile("^sips?:(?:[^@]*@)?[^:;?>@]+:([0-9]{1,5})(?:[;?>]|$)", Pattern.CASE_INSENSITIVE);

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

    /**
     * The enabled trunk with a gateway at the host of SIP URI {@code uri} (a DNS name or an IP address as the gateway
     * was written, compared without case) and, when the URI names a port, at that port; the lowest trunk id when
     * several match; empty when none does. A SIP URI at that gateway leaves through that trunk alone
     * (docs/carriers.md, "AI agents over SIP").
     *
     * @throws IllegalStateException when the database cannot be read
     */
    Optional<Long> trunkFor(String uri) {
        String host = EdgeDomains.hostOf(uri);
        if (host == null) return Optional.empty();
        Integer wanted = portOf(uri);
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select t.id from trunk t join trunk_gateway g on g.trunk_id = t.id "
                     + "where t.enabled and lower(g.host) = ? and (?::int is null or g.port = ?::int) order by t.id limit 1")) {
            s.setString(1, host);
            s.setObject(2, wanted, Types.INTEGER);
            s.setObject(3, wanted, Types.INTEGER);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the trunks' gateways failed: " + e.getMessage(), e);
        }
    }

    /** The port a SIP URI names after its host ({@code sip:u@host:5061;transport=tls}: 5061), or null when none. */
    static Integer portOf(String uri) {
        Matcher port = PORT.matcher(uri);
        return port.find() ? Integer.valueOf(port.group(1)) : null;
    }
}
