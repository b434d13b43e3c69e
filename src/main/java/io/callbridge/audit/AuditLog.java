package io.callbridge.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callbridge.store.AuditEntry;
import io.callbridge.store.AuditEntryRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who changed what through the API. {@link #record} joins the caller's transaction (MANDATORY): the entry
 * is stored exactly when the change it describes is, so no change goes unaudited and no entry describes a
 * change that was rolled back.
 */
@ApplicationScoped
public class AuditLog {

    public static final String ROUTE_CREATE = "route.create";
    public static final String ROUTE_REPLACE = "route.replace";
    public static final String ROUTE_DELETE = "route.delete";
    public static final String NUMBER_BLOCK = "number.block";
    public static final String NUMBER_UNBLOCK = "number.unblock";
    public static final String CONFIG_UPDATE = "config.update";
    public static final String KEY_CREATE = "key.create";
    public static final String KEY_REVOKE = "key.revoke";
    /** Kamailio banned an address or locked a user (actor {@code kamailio}). */
    public static final String SECURITY_BAN = "security.ban";
    /** Kamailio counted the failure limit of authentications from an address or for a user (actor {@code kamailio}). */
    public static final String SECURITY_AUTH_FAILURES = "security.auth_failures";
    public static final String SECURITY_BAN_LIFT = "security.ban.lift";
    public static final String IP_RULE_CREATE = "ip_rule.create";
    public static final String IP_RULE_DELETE = "ip_rule.delete";

    private final AuditEntryRepository entries;
    private final ObjectMapper json;

    AuditLog(AuditEntryRepository entries, ObjectMapper json) {
        this.entries = entries;
        this.json = json;
    }

    /**
     * Records that {@code actor} did {@code action} to {@code target}. {@code before} and {@code after} are
     * what the API shows of the target before and after the change (null where there is none: before a
     * create, after a delete), serialized to JSON as the API would. Pass secrets through {@link #masked}:
     * the log is readable by every API key.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Actor actor, String action, String target, Object before, Object after) {
        Objects.requireNonNull(actor, "actor");
        AuditEntry e = new AuditEntry();
        e.actorKeyId = actor.keyId();
        e.actorName = actor.name();
        e.action = Objects.requireNonNull(action, "action");
        e.target = Objects.requireNonNull(target, "target");
        e.before = toJson(before);
        e.after = toJson(after);
        entries.persist(e);
    }

    /** How the audit log and the API show a secret: whether it is set, never its value. */
    public static Map<String, Boolean> masked(String secret) {
        return Map.of("set", secret != null);
    }

    /** Newest first; see {@link AuditEntryRepository#page}. */
    @Transactional
    public List<AuditEntry> page(AuditEntryRepository.Filter filter, int limit) {
        return entries.page(filter, limit);
    }

    private String toJson(Object value) {
        if (value == null) return null;
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit data " + value.getClass().getName() + " is not serializable", e);
        }
    }
}
