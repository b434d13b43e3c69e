package io.callbridge.sip;

import io.callbridge.api.CheckedBody;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Aliases of a SIP user: other addresses (a number such as {@code +4930123}, or another name, in any of the
 * registrar's domains) that reach the same user. Rows of {@code kamailio.dbaliases}; Kamailio's alias_db reads
 * the table on every lookup (route[LOCATION]: {@code alias_db_lookup}), so no reload is needed.
 */
@ApplicationScoped
public class SipAliases {

    public static final String CREATE = "sip.alias.create";
    public static final String DELETE = "sip.alias.delete";

    /** An alias as the API shows it. */
    public record Alias(@Schema(required = true) long id,
                        @Schema(required = true, example = "+4930123") String alias,
                        @Schema(required = true, example = "a.example.test") String domain,
                        @Schema(required = true, example = "sip:+4930123@a.example.test") String uri) {
        static Alias of(long id, String alias, String domain) {
            return new Alias(id, alias, domain, "sip:" + alias + "@" + domain);
        }
    }

    /** The body of {@code POST /api/sip/users/{id}/aliases}. */
    @Schema(description = "An alias to add to a user")
    public record AliasRequest(
            @Schema(required = true, maxLength = 64, example = "+4930123", description = "The user part of the alias: "
                    + "a number or a name (letters, digits, . _ ~ -, optional leading +)") String alias,
            @Schema(nullable = true, maxLength = 64, description = "One of the registrar's domains; default: the user's")
            String domain) implements CheckedBody {

        @Override
        public List<FieldError> fieldErrors() {
            return CheckedBody.errorsOf(this::validate);
        }

        void validate() {
            List<FieldError> errors = new ArrayList<>();
            SipNames.checkUsername("alias", alias, errors);
            if (domain != null) SipNames.checkDomain("domain", domain, errors);
            if (!errors.isEmpty()) throw InvalidRequestException.of("field", errors);
        }
    }

    private final SipTables tables;
    private final SipUsers users;
    private final SipDomains domains;
    private final AuditLog audit;

    SipAliases(SipTables tables, SipUsers users, SipDomains domains, AuditLog audit) {
        this.tables = tables;
        this.users = users;
        this.domains = domains;
        this.audit = audit;
    }

    /** The aliases of user {@code userId}; 404 for an unknown user. */
    @Transactional
    public List<Alias> list(long userId) {
        SipUser user = users.get(userId);
        return tables.query("select id, alias_username, alias_domain from kamailio.dbaliases where username = ? and domain = ? "
                + "order by alias_domain, alias_username", rs -> Alias.of(rs.getLong(1), rs.getString(2), rs.getString(3)),
                user.username(), user.domain());
    }

    /** Adds an alias; 400 for a domain the registrar lacks, 409 when the address is a user or an alias already. */
    @Transactional
    public Alias create(Actor actor, long userId, AliasRequest r) {
        if (r == null) throw new InvalidRequestException("a JSON object with the alias is required", List.of());
        r.validate();
        SipUser user = users.get(userId);
        String domain = r.domain() == null ? user.domain() : SipNames.domain(r.domain());
        if (!domains.exists(domain)) {
            throw InvalidRequestException.of("field", List.of(new FieldError("domain",
                    "is not a domain of this registrar (add it with POST /api/sip/domains)")));
        }
        if (isAlias(tables, r.alias(), domain)) throw new ProblemException(409, r.alias() + "@" + domain + " is an alias already");
        if (!tables.query("select 1 from kamailio.subscriber where username = ? and domain = ?", rs -> 1, r.alias(), domain).isEmpty()) {
            throw new ProblemException(409, r.alias() + "@" + domain + " is a SIP user");
        }
        long id;
        try {
            id = tables.insert("insert into kamailio.dbaliases (alias_username, alias_domain, username, domain) values (?, ?, ?, ?)",
                    r.alias(), domain, user.username(), user.domain());
        } catch (SipTables.Duplicate e) {
            throw new ProblemException(409, r.alias() + "@" + domain + " is an alias already");
        }
        Alias created = Alias.of(id, r.alias(), domain);
        audit.record(actor, CREATE, String.valueOf(userId), null, Map.of("alias", created.uri(), "user", user.uri()));
        return created;
    }

    /** Removes alias {@code aliasId} of user {@code userId}; 404 when either is unknown. */
    @Transactional
    public void delete(Actor actor, long userId, long aliasId) {
        SipUser user = users.get(userId);
        Alias alias = list(userId).stream().filter(a -> a.id() == aliasId).findFirst()
                .orElseThrow(() -> new ProblemException(404, "no alias " + aliasId + " of SIP user " + userId));
        tables.update("delete from kamailio.dbaliases where id = ?", aliasId);
        audit.record(actor, DELETE, String.valueOf(userId), Map.of("alias", alias.uri(), "user", user.uri()), null);
    }

    static boolean isAlias(SipTables tables, String alias, String domain) {
        return !tables.query("select 1 from kamailio.dbaliases where alias_username = ? and alias_domain = ?", rs -> 1,
                alias, domain).isEmpty();
    }
}
