package io.callbridge.call;

import io.callbridge.audit.Actor;
import io.callbridge.audit.AuditLog;
import io.callbridge.store.BlockedNumber;
import io.callbridge.store.BlockedNumberRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Callers refused before answer. Callers are compared in the form {@link PhoneNumbers#caller} gives them
 * (E.164 for a phone number, whatever form it comes in; a SIP user name as it is). Each
 * change goes on the audit log in the transaction that makes it.
 */
@ApplicationScoped
public class Blocklist {

    private final BlockedNumberRepository blocked;
    private final PhoneNumbers numbers;
    private final AuditLog audit;

    Blocklist(BlockedNumberRepository blocked, PhoneNumbers numbers, AuditLog audit) {
        this.blocked = blocked;
        this.numbers = numbers;
        this.audit = audit;
    }

    @Transactional
    public boolean isBlocked(String caller) {
        if (caller == null || caller.isBlank()) return false;
        return blocked.findByIdOptional(numbers.normalize(caller)).isPresent();
    }

    /**
     * Blocks {@code number}, or replaces the reason of an existing block. One statement (an upsert), so
     * two requests blocking the same new number at once both succeed. The entry it replaces, if any, is
     * locked first so its audit shows what it replaced (of two first blocks at once, both show none).
     */
    @Transactional
    public Blocked block(Actor actor, String number, String reason) {
        String e164 = numbers.normalize(number);
        var em = blocked.getEntityManager();
        BlockedNumber before = blocked.findById(e164, LockModeType.PESSIMISTIC_WRITE);
        Map<String, Object> replaced = before == null ? null : audited(before.number, before.reason);
        em.createNativeQuery("insert into blocked_numbers(number, reason) values (?1, ?2) "
                        + "on conflict (number) do update set reason = excluded.reason")
                .setParameter(1, e164)
                .setParameter(2, reason)
                .executeUpdate();
        audit.record(actor, AuditLog.NUMBER_BLOCK, e164, replaced, audited(e164, reason));
        // Read back in this transaction: created_at is the database's default, the reason the new one.
        BlockedNumber stored;
        if (before != null) {
            em.refresh(before);
            stored = before;
        } else {
            stored = blocked.findById(e164);
        }
        return new Blocked(stored, before != null);
    }

    /** What {@link #block} stored, and whether the number was blocked already (its reason then replaced). */
    public record Blocked(BlockedNumber entry, boolean existed) {
    }

    /** Returns false when the number was not blocked. */
    @Transactional
    public boolean unblock(Actor actor, String number) {
        // Locked, so of two unblocks at once only one finds the entry, deletes it and audits it.
        BlockedNumber entry = blocked.findById(numbers.normalize(number), LockModeType.PESSIMISTIC_WRITE);
        if (entry == null) return false;
        blocked.delete(entry);
        audit.record(actor, AuditLog.NUMBER_UNBLOCK, entry.number, audited(entry.number, entry.reason), null);
        return true;
    }

    private static Map<String, Object> audited(String number, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", number);
        m.put("reason", reason);
        return m;
    }

    @Transactional
    public List<BlockedNumber> page(int page, int size) {
        return blocked.findAll(io.quarkus.panache.common.Sort.by("number")).page(page, size).list();
    }

    @Transactional
    public long count() {
        return blocked.count();
    }

    @Transactional
    public Optional<BlockedNumber> find(String number) {
        return blocked.findByIdOptional(numbers.normalize(number));
    }
}
