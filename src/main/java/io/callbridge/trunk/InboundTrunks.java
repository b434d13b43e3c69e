package io.callbridge.trunk;

import io.callbridge.store.TableChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Calls and texts that came in on a trunk (Kamailio's {@code X-Callbridge-Trunk}, passed on by Asterisk's dialplan,
 * or {@code trunk=} for a MESSAGE): which trunk, the dialed number in E.164 ({@link DialedNumbers}), and whether
 * that number is one of the trunk's DIDs (a trunk that lists none takes any number). Read on the call path from
 * memory: the trunks' inbound settings and DIDs are reloaded whenever table {@code trunk} changes
 * (store/TableChanges; a change of DIDs also updates the trunk's row), on any instance. The calls' CDR rows
 * record the trunk ({@code calls.trunk_id}).
 */
@ApplicationScoped
public class InboundTrunks {

    private static final Logger LOG = Logger.getLogger(InboundTrunks.class);

    /** What the call path needs of a trunk: its numbering plan and its DIDs (none listed: any number). */
    record Numbering(String countryCode, String nationalPrefix, List<TrunkDid> dids) {

        /** Whether {@code number} (as routed) may come in on this trunk. */
        boolean accepts(String number) {
            if (dids.isEmpty()) return true;
            for (TrunkDid did : dids) {
                if (did.contains(number)) return true;
            }
            return false;
        }
    }

    /**
     * A call (or text) from a trunk.
     *
     * @param trunkId the trunk's id
     * @param dialed  the number to route: E.164 when it reads as a phone number, else as dialed
     * @param isDid   whether {@code dialed} is one of the trunk's DIDs, or the trunk lists none (or the app does not
     *                know the trunk); false: the call must be refused as for a number nobody has (404)
     */
    public record Inbound(long trunkId, String dialed, boolean isDid) {

        /** Why a call or text to a number outside its trunk's DIDs is refused: for the CDR and the log. */
        public String notADid() {
            return dialed + " is not one of trunk " + trunkId + "'s numbers (dids)";
        }
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
     * the app does not know (deleted meanwhile, or a bad value) leaves the number as dialed, and accepted.
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
            return Optional.of(new Inbound(id, dialed, true));
        }
        String number = DialedNumbers.toE164(dialed, n.countryCode(), n.nationalPrefix());
        return Optional.of(new Inbound(id, number, n.accepts(number)));
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
        Map<Long, Numbering> read = new HashMap<>();
        // One statement, one snapshot: a trunk and its DIDs as one transaction left them.
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select t.id, t.country_code, t.national_prefix, "
                     + "coalesce(array_agg(d.first_e164 order by d.first_e164, d.id) filter (where d.id is not null), '{}'), "
                     + "coalesce(array_agg(d.last_e164 order by d.first_e164, d.id) filter (where d.id is not null), '{}') "
                     + "from trunk t left join trunk_did d on d.trunk_id = t.id group by t.id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String[] first = (String[]) rs.getArray(4).getArray();
                String[] last = (String[]) rs.getArray(5).getArray();
                List<TrunkDid> dids = new ArrayList<>(first.length);
                for (int i = 0; i < first.length; i++) dids.add(new TrunkDid(first[i], last[i]));
                read.put(rs.getLong(1), new Numbering(rs.getString(2), rs.getString(3), List.copyOf(dids)));
            }
        } catch (SQLException e) {
            LOG.warnf("reading the trunks failed, keeping the last ones read: %s", e.getMessage());
            return;
        }
        trunks = Map.copyOf(read);
    }
}
