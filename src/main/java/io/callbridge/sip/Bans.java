package io.callbridge.sip;

import com.fasterxml.jackson.databind.JsonNode;
import io.callbridge.audit.Actor;
import io.callbridge.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The bans in force, read live from Kamailio's hash tables over JSON-RPC (they live only there: a restart of
 * Kamailio forgets them), and lifted there. Kamailio's tables (kamailio/protect.cfg): {@code ipban} and
 * {@code userban} hold the bans, {@code banseq} whether an address's ban was already reported, {@code authfail}
 * the failure counts ({@code ip:<address>}, {@code user:<user@domain>}).
 */
@ApplicationScoped
public class Bans {

    private final KamailioRpc rpc;
    private final AuditLog audit;

    Bans(KamailioRpc rpc, AuditLog audit) {
        this.rpc = rpc;
        this.audit = audit;
    }

    /** Addresses first, then users; each by target. */
    public List<Ban> list() {
        List<Ban> bans = new ArrayList<>();
        dump("ipban", Ban.ADDRESS, bans);
        dump("userban", Ban.USER, bans);
        bans.sort(Comparator.comparing(Ban::type).thenComparing(Ban::target));
        return bans;
    }

    public Optional<Ban> find(String target) {
        return list().stream().filter(b -> b.target().equals(target)).findFirst();
    }

    /**
     * Lifts the ban of {@code target} (an address, or {@code user@domain}) and forgets its failure count, so
     * the next failure counts from one. Returns the ban lifted, empty when there was none.
     */
    @Transactional
    public Optional<Ban> lift(Actor actor, String target) {
        Optional<Ban> ban = find(target);
        if (ban.isEmpty()) return ban;
        // Audited first: if Kamailio refuses the deletes, the transaction rolls the entry back.
        audit.record(actor, AuditLog.SECURITY_BAN_LIFT, target, ban.get(), null);
        if (Ban.USER.equals(ban.get().type())) {
            delete("userban", target);
            delete("authfail", "user:" + target);
        } else {
            delete("ipban", target);
            delete("banseq", target);
            delete("authfail", "ip:" + target);
        }
        return ban;
    }

    private void delete(String table, String key) {
        try {
            rpc.call("htable.delete", table, key);
        } catch (KamailioRpc.Failed e) {
            // An entry that expired meanwhile, or was never there (a count): nothing to delete.
        }
    }

    private void dump(String table, String type, List<Ban> into) {
        JsonNode result = rpc.call("htable.dump", table);
        for (JsonNode slot : result) {
            for (JsonNode item : slot.path("slot")) {
                into.add(Ban.of(type, item.path("name").asText(), item.path("value").asText()));
            }
        }
    }
}
