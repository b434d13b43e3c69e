package io.callbridge.trunk;

import io.callbridge.store.TableChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Calls that came in on a trunk (Kamailio's {@code X-Callbridge-Trunk}, passed on by Asterisk's dialplan):
 * which trunk, and the dialed number in E.164 ({@link DialedNumbers}). Read on the call path from memory: the
 * trunks' inbound settings are reloaded whenever table {@code trunk} changes (store/TableChanges), on any
 * instance. The calls' CDR rows record the trunk ({@code calls.trunk_id}).
 */
@ApplicationScoped
public class InboundTrunks {

    private static final Logger LOG = Logger.getLogger(InboundTrunks.class);

    /** What the call path needs of a trunk. */
    record Numbering(String countryCode, String nationalPrefix) {
    }

    /**
     * A call from a trunk.
     *
     * @param trunkId the trunk's id
     * @param dialed  the number to route: E.164 when it reads as a phone number, else as dialed
     */
    public record Inbound(long trunkId, String dialed) {
    }

    private final DataSource db;
    private volatile Map<Long, Numbering> trunks = Map.of();

    InboundTrunks(DataSource db) {
        this.db = db;
    }

    void onTableChanged(@Observes TableChanged changed) {
        if (changed.is("trunk")) reload();
    }

    /**
     * The trunk a call came in on and its number to route, from the header's value ({@code trunkHeader}, the
     * trunk id) and the number dialed; empty when the call did not come from a trunk (blank header). A trunk id
     * the app does not know (deleted meanwhile, or a bad value) leaves the number as dialed.
     */
    public Optional<Inbound> resolve(String trunkHeader, String dialed) {
        if (trunkHeader == null || trunkHeader.isBlank()) return Optional.empty();
        long id;
        try {
            id = Long.parseLong(trunkHeader.strip());
        } catch (NumberFormatException e) {
            LOG.warnf("a call to %s came with a malformed trunk id '%s': routed as dialed", dialed, trunkHeader);
            return Optional.empty();
        }
        Numbering n = trunks.get(id);
        if (n == null) {
            // A trunk created a moment ago, before its change notice arrived (rare: read it now).
            reload();
            n = trunks.get(id);
        }
        if (n == null) {
            LOG.warnf("a call to %s came in on trunk %d, which this app does not know: routed as dialed", dialed, id);
            return Optional.of(new Inbound(id, dialed));
        }
        return Optional.of(new Inbound(id, DialedNumbers.toE164(dialed, n.countryCode(), n.nationalPrefix())));
    }

    /** Records on the call's CDR row that it came in on trunk {@code trunkId}. Off the ARI event thread. */
    public void recordOnCdr(String callSid, long trunkId) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("update calls set trunk_id = ? where call_sid = ?")) {
            s.setLong(1, trunkId);
            s.setString(2, callSid);
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("the trunk of call %s could not be recorded: %s", callSid, e.getMessage());
        }
    }

    synchronized void reload() {
        Map<Long, Numbering> read = new ConcurrentHashMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select id, country_code, national_prefix from trunk");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) read.put(rs.getLong(1), new Numbering(rs.getString(2), rs.getString(3)));
        } catch (SQLException e) {
            LOG.warnf("reading the trunks failed, keeping the last ones read: %s", e.getMessage());
            return;
        }
        trunks = read;
    }
}
