package io.callbridge.sip;

import io.callbridge.audit.Actor;
import io.callbridge.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The edge's IP allow and deny lists: rows of {@code kamailio.address} (groups 1 and 2) that Kamailio's
 * {@code permissions} module matches each request's source against (kamailio/protect.cfg). Deny wins; an
 * empty allow list allows every address. Each change is audited in its transaction; {@link #apply} then tells
 * Kamailio to reload the lists, without a restart.
 */
@ApplicationScoped
public class IpRules {

    private static final Logger LOG = Logger.getLogger(IpRules.class);

    private final EntityManager em;
    private final AuditLog audit;
    private final KamailioRpc rpc;

    IpRules(EntityManager em, AuditLog audit, KamailioRpc rpc) {
        this.em = em;
        this.audit = audit;
        this.rpc = rpc;
    }

    /** Allow list first, then deny list; each by id. */
    @Transactional
    public List<IpRule> list() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, grp, ip_addr, mask, tag from kamailio.address "
                + "where grp in (1, 2) order by grp, id").getResultList();
        return rows.stream().map(IpRules::rule).toList();
    }

    /** What {@link #add} stored, and whether the same network was on that list already (then nothing changed). */
    public record Added(IpRule rule, boolean existed) {
    }

    /** Puts {@code cidr} on {@code list} ({@code allow} or {@code deny}); a network already there is kept as it is. */
    @Transactional
    public Added add(Actor actor, String list, Cidr cidr, String description) {
        int group = IpRule.group(list);
        Optional<IpRule> existing = find(group, cidr);
        if (existing.isPresent()) return new Added(existing.get(), true);
        Object[] row = (Object[]) em.createNativeQuery("insert into kamailio.address (grp, ip_addr, mask, port, tag) "
                        + "values (?1, ?2, ?3, 0, ?4) returning id, grp, ip_addr, mask, tag")
                .setParameter(1, group).setParameter(2, cidr.address()).setParameter(3, cidr.prefix())
                .setParameter(4, description).getSingleResult();
        IpRule rule = rule(row);
        audit.record(actor, AuditLog.IP_RULE_CREATE, "ip-rule/" + rule.id(), null, rule);
        return new Added(rule, false);
    }

    /** Removes the rule; false when there is none with {@code id}. */
    @Transactional
    public boolean remove(Actor actor, long id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("delete from kamailio.address where id = ?1 and grp in (1, 2) "
                + "returning id, grp, ip_addr, mask, tag").setParameter(1, id).getResultList();
        if (rows.isEmpty()) return false;
        audit.record(actor, AuditLog.IP_RULE_DELETE, "ip-rule/" + id, rule(rows.get(0)), null);
        return true;
    }

    /**
     * Makes Kamailio read the lists again (after the change committed): {@code permissions.addressReload},
     * then the allow list's size ({@code htable.reload protect_flags}). Returns false, and logs, when Kamailio
     * could not be told: it reads the lists from the database when it starts.
     */
    public boolean apply() {
        try {
            rpc.call("permissions.addressReload");
            rpc.call("htable.reload", "protect_flags");
            return true;
        } catch (KamailioRpc.RpcException e) {
            LOG.warnf("the IP lists are stored but Kamailio has not reloaded them: %s", e.getMessage());
            return false;
        }
    }

    private Optional<IpRule> find(int group, Cidr cidr) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, grp, ip_addr, mask, tag from kamailio.address "
                        + "where grp = ?1 and ip_addr = ?2 and mask = ?3")
                .setParameter(1, group).setParameter(2, cidr.address()).setParameter(3, cidr.prefix()).getResultList();
        return rows.stream().findFirst().map(IpRules::rule);
    }

    private static IpRule rule(Object[] row) {
        String tag = (String) row[4];
        return new IpRule(((Number) row[0]).longValue(), IpRule.list(((Number) row[1]).intValue()),
                row[2] + "/" + ((Number) row[3]).intValue(), tag == null || tag.isEmpty() ? null : tag);
    }
}
