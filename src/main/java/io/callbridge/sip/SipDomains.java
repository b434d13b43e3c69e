package io.callbridge.sip;

import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.api.problem.ProblemException;
import io.callbridge.audit.Actor;
import io.callbridge.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The registrar's domains: rows of {@code kamailio.domain}, which Kamailio's domain module caches. After a
 * change (committed) the app asks Kamailio to reload them ({@code domain.reload}); when Kamailio is away the
 * change stands and Kamailio loads it when it starts. Each domain has the digest algorithms its challenges
 * offer (RFC 8760), which Kamailio reads at each challenge ({@code kamailio/registrar.cfg}).
 */
@ApplicationScoped
public class SipDomains {

    private static final Logger LOG = Logger.getLogger(SipDomains.class);
    public static final String CREATE = "sip.domain.create";
    public static final String DELETE = "sip.domain.delete";
    public static final String UPDATE = "sip.domain.update";
    private static final String COLUMNS = "id, domain, digest_algorithms";

    /**
     * The digest algorithms a domain may offer, in the order of its challenges (RFC 8760 section 2.4: the
     * preferred first, a phone answers the first it supports): MD5 alone (the default, every phone has it),
     * SHA-256 then MD5, or SHA-256 alone.
     */
    public static final List<List<String>> DIGEST_ALGORITHMS =
            List.of(List.of("MD5"), List.of("SHA-256", "MD5"), List.of("SHA-256"));

    /** A domain as the API shows it; {@code digestAlgorithms}: one of {@link #DIGEST_ALGORITHMS}. */
    public record Domain(long id, String domain, List<String> digestAlgorithms) {
    }

    private final SipTables tables;
    private final AuditLog audit;
    private final KamailioRpc rpc;

    SipDomains(SipTables tables, AuditLog audit, KamailioRpc rpc) {
        this.tables = tables;
        this.audit = audit;
        this.rpc = rpc;
    }

    @Transactional
    public List<Domain> list() {
        return tables.query("select " + COLUMNS + " from kamailio.domain order by domain", SipDomains::domain);
    }

    /** True when {@code domain} (lowercase) is one of the registrar's. */
    @Transactional
    public boolean exists(String domain) {
        return !tables.query("select 1 from kamailio.domain where domain = ?", rs -> 1, domain).isEmpty();
    }

    /**
     * Adds {@code domain} with {@code digestAlgorithms} (null: MD5 alone); 400 for a bad name or list, 409 when
     * it exists. Kamailio is told after the commit: see {@link #reload}.
     */
    @Transactional
    public Domain create(Actor actor, String given, List<String> digestAlgorithms) {
        List<FieldError> errors = new ArrayList<>();
        SipNames.checkDomain("domain", given, errors);
        checkDigestAlgorithms(digestAlgorithms, errors);
        if (!errors.isEmpty()) throw InvalidRequestException.of("field", errors);
        String domain = SipNames.domain(given);
        List<String> algorithms = digestAlgorithms == null ? DIGEST_ALGORITHMS.getFirst() : digestAlgorithms;
        if (exists(domain)) throw new ProblemException(409, "domain " + domain + " exists");
        long id;
        try {
            id = tables.insert("insert into kamailio.domain (domain, digest_algorithms, last_modified) "
                    + "values (?, ?, localtimestamp)", domain, String.join(",", algorithms));
        } catch (SipTables.Duplicate e) {
            throw new ProblemException(409, "domain " + domain + " exists");
        }
        Domain created = new Domain(id, domain, algorithms);
        audit.record(actor, CREATE, domain, null, Map.of("domain", domain, "digestAlgorithms", algorithms));
        return created;
    }

    /**
     * Sets the digest algorithms of {@code domain}; 400 for a list not in {@link #DIGEST_ALGORITHMS}, 404 for an
     * unknown domain. Kamailio's next challenge for the domain offers them; registrations and nonces already
     * given stand.
     */
    @Transactional
    public Domain update(Actor actor, String given, List<String> digestAlgorithms) {
        List<FieldError> errors = new ArrayList<>();
        if (digestAlgorithms == null) errors.add(new FieldError("digestAlgorithms", "is required"));
        else checkDigestAlgorithms(digestAlgorithms, errors);
        if (!errors.isEmpty()) throw InvalidRequestException.of("field", errors);
        String domain = SipNames.domain(given);
        List<Domain> before = tables.query("select " + COLUMNS + " from kamailio.domain where domain = ? for update",
                SipDomains::domain, domain);
        if (before.isEmpty()) throw new ProblemException(404, "no domain " + domain);
        tables.update("update kamailio.domain set digest_algorithms = ?, last_modified = localtimestamp where domain = ?",
                String.join(",", digestAlgorithms), domain);
        Domain after = new Domain(before.getFirst().id(), domain, digestAlgorithms);
        audit.record(actor, UPDATE, domain, Map.of("digestAlgorithms", before.getFirst().digestAlgorithms()),
                Map.of("digestAlgorithms", digestAlgorithms));
        return after;
    }

    /** Null passes (the default applies); anything else must be one of {@link #DIGEST_ALGORITHMS}. */
    static void checkDigestAlgorithms(List<String> algorithms, List<FieldError> errors) {
        if (algorithms != null && !DIGEST_ALGORITHMS.contains(algorithms)) {
            errors.add(new FieldError("digestAlgorithms", "must be one of " + DIGEST_ALGORITHMS));
        }
    }

    /** A {@link #COLUMNS} row as the API shows it: the stored list is comma-separated. */
    private static Domain domain(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Domain(rs.getLong(1), rs.getString(2), List.of(rs.getString(3).split(",")));
    }

    /** Removes {@code domain}; 404 when unknown, 409 while users or aliases are in it. */
    @Transactional
    public void delete(Actor actor, String given) {
        String domain = SipNames.domain(given);
        if (!exists(domain)) throw new ProblemException(404, "no domain " + domain);
        if (!tables.query("select 1 from kamailio.subscriber where domain = ? union all "
                + "select 1 from kamailio.dbaliases where alias_domain = ?", rs -> 1, domain, domain).isEmpty()) {
            throw new ProblemException(409, "domain " + domain + " still has users or aliases: delete them first");
        }
        tables.update("delete from kamailio.domain where domain = ?", domain);
        audit.record(actor, DELETE, domain, Map.of("domain", domain), null);
    }

    /**
     * Tells Kamailio to reload its domain table ({@code domain.reload}). Returns false, and logs why, when
     * Kamailio could not be told: the table is already changed and Kamailio reads it when it starts.
     */
    public boolean reload() {
        try {
            rpc.call("domain.reload");
            return true;
        } catch (KamailioRpc.Unreachable | KamailioRpc.Failed e) {
            LOG.warnf("the domain change is stored but Kamailio did not reload it (it will when it starts): %s", e.getMessage());
            return false;
        }
    }
}
