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
 * change stands and Kamailio loads it when it starts.
 */
@ApplicationScoped
public class SipDomains {

    private static final Logger LOG = Logger.getLogger(SipDomains.class);
    public static final String CREATE = "sip.domain.create";
    public static final String DELETE = "sip.domain.delete";

    /** A domain as the API shows it. */
    public record Domain(long id, String domain) {
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
        return tables.query("select id, domain from kamailio.domain order by domain",
                rs -> new Domain(rs.getLong(1), rs.getString(2)));
    }

    /** True when {@code domain} (lowercase) is one of the registrar's. */
    @Transactional
    public boolean exists(String domain) {
        return !tables.query("select 1 from kamailio.domain where domain = ?", rs -> 1, domain).isEmpty();
    }

    /** Adds {@code domain}; 409 when it exists. Kamailio is told after the commit: see {@link #reload}. */
    @Transactional
    public Domain create(Actor actor, String given) {
        List<FieldError> errors = new ArrayList<>();
        SipNames.checkDomain("domain", given, errors);
        if (!errors.isEmpty()) throw InvalidRequestException.of("field", errors);
        String domain = SipNames.domain(given);
        if (exists(domain)) throw new ProblemException(409, "domain " + domain + " exists");
        long id;
        try {
            id = tables.insert("insert into kamailio.domain (domain, last_modified) values (?, localtimestamp)", domain);
        } catch (SipTables.Duplicate e) {
            throw new ProblemException(409, "domain " + domain + " exists");
        }
        Domain created = new Domain(id, domain);
        audit.record(actor, CREATE, domain, null, Map.of("domain", domain));
        return created;
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
