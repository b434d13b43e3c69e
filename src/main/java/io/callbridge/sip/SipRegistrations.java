package io.callbridge.sip;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Live registrations: the unexpired rows of {@code kamailio.location}. usrloc writes through (db_mode 1), so
 * the table holds what Kamailio holds once a 200 OK has left. Kamailio writes {@code expires} in its local
 * time, without a zone; Kamailio and the app run on the same host (or in the same zone), so it is read in
 * the app's.
 */
@ApplicationScoped
public class SipRegistrations {

    /** One registered contact. */
    public record Registration(
            @Schema(required = true, example = "alice") String username,
            @Schema(required = true, example = "a.example.test") String domain,
            @Schema(required = true, example = "sip:alice@192.0.2.10:5060") String contact,
            @Schema(nullable = true, description = "The User-Agent of the REGISTER") String userAgent,
            @Schema(required = true, description = "When the registration ends unless renewed") Instant expires,
            @Schema(nullable = true, example = "sip:198.51.100.7:40123",
                    description = "Where the REGISTER really came from, when it differs from the contact (NAT)") String received) {
    }

    private final SipTables tables;

    SipRegistrations(SipTables tables) {
        this.tables = tables;
    }

    /** Unexpired contacts, of {@code username} and {@code domain} when given, by user and expiry. */
    @Transactional
    public List<Registration> list(String username, String domain) {
        StringBuilder sql = new StringBuilder("select username, domain, contact, user_agent, expires, received "
                + "from kamailio.location where expires > ?");
        List<Object> params = new ArrayList<>();
        params.add(Timestamp.valueOf(java.time.LocalDateTime.now()));
        if (username != null) {
            sql.append(" and username = ?");
            params.add(username);
        }
        if (domain != null) {
            sql.append(" and domain = ?");
            params.add(SipNames.domain(domain));
        }
        sql.append(" order by domain, username, expires");
        return tables.query(sql.toString(), rs -> new Registration(rs.getString(1), rs.getString(2), rs.getString(3),
                blankToNull(rs.getString(4)), rs.getTimestamp(5).toLocalDateTime().atZone(ZoneId.systemDefault()).toInstant(),
                blankToNull(rs.getString(6))), params.toArray());
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
