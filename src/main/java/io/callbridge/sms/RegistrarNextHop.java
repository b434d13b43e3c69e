package io.callbridge.sms;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The static next hop: a user of ours (by user name, or a SIP URI in one of our domains) gets the message at
 * its newest registered contact (Kamailio's {@code kamailio.location}, written through by usrloc); a user
 * without one is {@link NextHop.Offline}; a number ({@code +} and digits) goes through the enabled carrier
 * trunks ({@link TrunkGateways}) when any has a gateway; anything else goes to {@link SmsConfig#trunkUri} with the
 * number as user part, or nowhere.
 */
@ApplicationScoped
class RegistrarNextHop implements NextHop {

    private final DataSource db;
    private final SmsConfig config;
    private final TrunkGateways trunks;

    RegistrarNextHop(DataSource db, SmsConfig config, TrunkGateways trunks) {
        this.db = db;
        this.config = config;
        this.trunks = trunks;
    }

    @Override
    public Hop resolve(String to) {
        String user = SmsIntake.userOf(to);
        String domain = domainOf(to);
        try (Connection c = db.getConnection()) {
            Optional<Contact> contact = contact(c, user, domain);
            if (contact.isPresent()) return contact.get();
            if (isSubscriber(c, user, domain)) return new Offline(user + (domain == null ? "" : "@" + domain));
        } catch (SQLException e) {
            throw new IllegalStateException("reading registrations failed: " + e.getMessage(), e);
        }
        if (domain == null && user.matches("\\+?[0-9]+")) {
            List<TrunkGateways.Gateway> gateways = trunks.forNumber(user);
            if (!gateways.isEmpty()) return new Trunks(gateways);
        }
        return config.trunkUri()
                .<Hop>map(trunk -> new Contact(trunkTarget(trunk, user), null, false))
                .orElseGet(() -> new NoRoute("no registered user " + to + " and no SMS trunk configured"));
    }

    private static Optional<Contact> contact(Connection c, String user, String domain) throws SQLException {
        String sql = "select contact, received from kamailio.location where username = ? and expires > now()"
                + (domain == null ? "" : " and domain = ?") + " order by last_modified desc limit 1";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, user);
            if (domain != null) s.setString(2, domain);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) return Optional.empty();
                String received = r.getString(2);
                return Optional.of(new Contact(r.getString(1), received == null || received.isBlank() ? null : received, true));
            }
        }
    }

    private static boolean isSubscriber(Connection c, String user, String domain) throws SQLException {
        String sql = "select 1 from kamailio.subscriber where username = ?" + (domain == null ? "" : " and domain = ?");
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, user);
            if (domain != null) s.setString(2, domain);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** {@code sip:host:port;params} with the number as user: {@code sip:+1555...@host:port;params}. */
    static String trunkTarget(String trunk, String number) {
        String rest = trunk.replaceFirst("(?i)^sips?:", "");
        int at = rest.indexOf('@');
        if (at >= 0) rest = rest.substring(at + 1);
        return (trunk.regionMatches(true, 0, "sips:", 0, 5) ? "sips:" : "sip:") + number + "@" + rest;
    }

    /** The host of a SIP URI, or null for a plain number or name. */
    static String domainOf(String to) {
        String s = to.strip();
        if (!s.regionMatches(true, 0, "sip:", 0, 4) && !s.regionMatches(true, 0, "sips:", 0, 5)) return null;
        int at = s.indexOf('@');
        if (at < 0) return null;
        String host = s.substring(at + 1);
        int end = host.length();
        for (char stop : new char[]{':', ';', '?', '>'}) {
            int i = host.indexOf(stop);
            if (i >= 0 && i < end) end = i;
        }
        return host.substring(0, end).toLowerCase(java.util.Locale.ROOT);
    }
}
