package io.callbridge.sip;

import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.api.problem.ProblemException;
import io.callbridge.audit.Actor;
import io.callbridge.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * SIP users: rows of {@code kamailio.subscriber}, which Kamailio's auth_db reads on every request, so a change
 * applies to the next REGISTER or call without a reload. Only the HA1 hashes of a password are stored (MD5 in
 * {@code ha1}, SHA-256 in {@code ha1_sha256}; {@link DigestHa1}), never the password, and neither is ever
 * returned or logged. A user deleted or disabled loses its registrations: the rows go with the change, and
 * Kamailio's memory is cleared after the commit ({@link #dropRegistrations}).
 */
@ApplicationScoped
public class SipUsers {

    private static final Logger LOG = Logger.getLogger(SipUsers.class);
    public static final String CREATE = "sip.user.create";
    public static final String UPDATE = "sip.user.update";
    public static final String DELETE = "sip.user.delete";

    private static final String COLUMNS = "id, username, domain, display_name, caller_id, enabled";

    private final SipTables tables;
    private final SipDomains domains;
    private final AuditLog audit;
    private final KamailioRpc rpc;

    SipUsers(SipTables tables, SipDomains domains, AuditLog audit, KamailioRpc rpc) {
        this.tables = tables;
        this.domains = domains;
        this.audit = audit;
        this.rpc = rpc;
    }

    /** Every user, or those of {@code domain} when given, by domain and name. */
    @Transactional
    public List<SipUser> list(String domain) {
        if (domain == null) {
            return tables.query("select " + COLUMNS + " from kamailio.subscriber order by domain, username", SipUsers::read);
        }
        return tables.query("select " + COLUMNS + " from kamailio.subscriber where domain = ? order by username",
                SipUsers::read, SipNames.domain(domain));
    }

    /** The user with {@code id}; 404 when none. */
    @Transactional
    public SipUser get(long id) {
        return tables.query("select " + COLUMNS + " from kamailio.subscriber where id = ?", SipUsers::read, id)
                .stream().findFirst().orElseThrow(() -> new ProblemException(404, "no SIP user " + id));
    }

    /** Creates a user; 400 for a domain the registrar does not have, 409 when the user exists. */
    @Transactional
    public SipUser create(Actor actor, SipUserRequest r) {
        r.validate(true);
        String domain = SipNames.domain(r.domain());
        if (!domains.exists(domain)) {
            throw InvalidRequestException.of("field", List.of(new FieldError("domain",
                    "is not a domain of this registrar (add it with POST /api/sip/domains)")));
        }
        if (!tables.query("select 1 from kamailio.subscriber where username = ? and domain = ?", rs -> 1,
                r.username(), domain).isEmpty()) {
            throw new ProblemException(409, "SIP user " + r.username() + "@" + domain + " exists");
        }
        if (SipAliases.isAlias(tables, r.username(), domain)) {
            throw new ProblemException(409, r.username() + "@" + domain + " is an alias of another user");
        }
        boolean enabled = !Boolean.FALSE.equals(r.enabled());
        long id = insertUser(r, domain, enabled);
        SipUser created = SipUser.of(id, r.username(), domain, r.displayName(), r.callerId(), enabled);
        audit.record(actor, CREATE, String.valueOf(id), null, audited(created, r.password() != null));
        return created;
    }

    private long insertUser(SipUserRequest r, String domain, boolean enabled) {
        try {
            return tables.insert("insert into kamailio.subscriber (username, domain, password, ha1, ha1b, ha1_sha256, "
                            + "display_name, caller_id, enabled) values (?, ?, '', ?, '', ?, ?, ?, ?)",
                    r.username(), domain, DigestHa1.md5(r.username(), domain, r.password()),
                    DigestHa1.sha256(r.username(), domain, r.password()), r.displayName(), r.callerId(), enabled ? 1 : 0);
        } catch (SipTables.Duplicate e) {
            throw new ProblemException(409, "SIP user " + r.username() + "@" + domain + " exists");
        }
    }

    /**
     * Updates display name, caller id and enabled, and the password when given. Username and domain cannot
     * change (400 when given and different). Disabling removes the user's registrations from the table; call
     * {@link #dropRegistrations} after the commit for Kamailio's memory.
     */
    @Transactional
    public SipUser update(Actor actor, long id, SipUserRequest r) {
        r.validate(false);
        SipUser before = get(id);
        if (r.username() != null && !r.username().equals(before.username())) {
            throw InvalidRequestException.of("field", List.of(new FieldError("username", "cannot change: delete the user and create it anew")));
        }
        if (r.domain() != null && !SipNames.domain(r.domain()).equals(before.domain())) {
            throw InvalidRequestException.of("field", List.of(new FieldError("domain", "cannot change: delete the user and create it anew")));
        }
        boolean enabled = !Boolean.FALSE.equals(r.enabled());
        tables.update("update kamailio.subscriber set display_name = ?, caller_id = ?, enabled = ? where id = ?",
                r.displayName(), r.callerId(), enabled ? 1 : 0, id);
        if (r.password() != null) {
            tables.update("update kamailio.subscriber set ha1 = ?, ha1_sha256 = ? where id = ?",
                    DigestHa1.md5(before.username(), before.domain(), r.password()),
                    DigestHa1.sha256(before.username(), before.domain(), r.password()), id);
        }
        if (!enabled) deleteLocations(before);
        SipUser after = SipUser.of(id, before.username(), before.domain(), r.displayName(), r.callerId(), enabled);
        audit.record(actor, UPDATE, String.valueOf(id), audited(before, false), audited(after, r.password() != null));
        return after;
    }

    /** Deletes the user with its aliases and registrations; 404 when none. Returns what was deleted. */
    @Transactional
    public SipUser delete(Actor actor, long id) {
        SipUser user = get(id);
        tables.update("delete from kamailio.dbaliases where username = ? and domain = ?", user.username(), user.domain());
        deleteLocations(user);
        tables.update("delete from kamailio.subscriber where id = ?", id);
        audit.record(actor, DELETE, String.valueOf(id), audited(user, false), null);
        return user;
    }

    /**
     * Drops the user's registrations from Kamailio's memory ({@code ul.rm}), after the rows are gone. Kamailio
     * away: nothing to drop (it loads the table when it starts). A user it has no record of: nothing to drop.
     */
    public void dropRegistrations(SipUser user) {
        try {
            rpc.call("ul.rm", "location", user.username() + "@" + user.domain());
        } catch (KamailioRpc.Failed e) {
            LOG.debugf("ul.rm for %s@%s: %s", user.username(), user.domain(), e.getMessage());
        } catch (KamailioRpc.Unreachable e) {
            LOG.warnf("Kamailio is unreachable; %s@%s's registrations are gone from the table and will not be "
                    + "loaded when it starts: %s", user.username(), user.domain(), e.getMessage());
        }
    }

    private void deleteLocations(SipUser user) {
        tables.update("delete from kamailio.location where username = ? and domain = ?", user.username(), user.domain());
    }

    /** A user in the audit log: what the API shows, plus whether the password was set (never its value or hashes). */
    private static Map<String, Object> audited(SipUser u, boolean passwordSet) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", u.username());
        m.put("domain", u.domain());
        m.put("displayName", u.displayName());
        m.put("callerId", u.callerId());
        m.put("enabled", u.enabled());
        if (passwordSet) m.put("password", AuditLog.masked("set"));
        return m;
    }

    private static SipUser read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return SipUser.of(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6) == 1);
    }
}
