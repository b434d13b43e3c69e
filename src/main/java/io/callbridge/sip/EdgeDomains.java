package io.callbridge.sip;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Whether a SIP URI names a user of one of the edge's own domains: the rows of {@code kamailio.domain},
 * the same table Kamailio's {@code is_domain_local} reads (kamailio/registrar.cfg). Such calls go to
 * Kamailio, which rings every registered contact of the user; any other URI leaves through the trunk.
 * Read on every call placed to a SIP URI (one indexed lookup), so a new domain counts at once.
 */
@ApplicationScoped
public class EdgeDomains {

    private final DataSource db;

    EdgeDomains(DataSource db) {
        this.db = db;
    }

    /**
     * True when {@code uri} ({@code sip:user@host[:port][;params]}) has a host that is a domain of the edge.
     * False for anything else, a number included.
     *
     * @throws IllegalStateException when the database cannot be read
     */
    public boolean isLocalUser(String uri) {
        String host = hostOf(uri);
        if (host == null) return false;
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select 1 from kamailio.domain where lower(domain) = ?")) {
            s.setString(1, host);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the edge's domains failed: " + e.getMessage(), e);
        }
    }

    /**
     * The address of record of the user named {@code username} ({@code sip:<username>@<domain>}), when exactly
     * one domain of the edge has a user of that name; empty otherwise. How a REFER's target, of which Asterisk
     * reports only the user part, becomes one of our users.
     *
     * @throws IllegalStateException when the database cannot be read
     */
    public Optional<String> userUri(String username) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select domain from kamailio.subscriber where username = ? limit 2")) {
            s.setString(1, username);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) return Optional.empty();
                String domain = r.getString(1);
                return r.next() ? Optional.empty() : Optional.of("sip:" + username + "@" + domain);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the edge's users failed: " + e.getMessage(), e);
        }
    }

    /** The lower-case host of a {@code sip:} or {@code sips:} URI, without port or parameters; null otherwise. */
    public static String hostOf(String uri) {
        if (uri == null) return null;
        String lower = uri.toLowerCase(Locale.ROOT);
        int start;
        if (lower.startsWith("sip:")) start = 4;
        else if (lower.startsWith("sips:")) start = 5;
        else return null;
        int at = lower.indexOf('@', start);
        if (at >= 0) start = at + 1;
        int end = start;
        while (end < lower.length() && ":;?>".indexOf(lower.charAt(end)) < 0) end++;
        return end > start ? lower.substring(start, end) : null;
    }
}
