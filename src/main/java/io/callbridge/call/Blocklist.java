package io.callbridge.call;

import io.callbridge.audit.Actor;
import io.callbridge.audit.AuditLog;
import io.callbridge.store.BlockedNumber;
import io.callbridge.store.BlockedNumberRepository;
import io.callbridge.store.TableChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Callers refused before answer. Callers are compared in the form {@link PhoneNumbers#caller} gives them
 * (E.164 for a phone number, whatever form it comes in; a SIP user name as it is). Each
 * change goes on the audit log in the transaction that makes it.
 *
 * <p>Calls ask {@link #isBlocked} from memory: the set of blocked numbers is loaded whole and kept current by
 * {@code store.TableChanges} (a change anywhere, within a second) and by this class's own changes (applied
 * once committed, before the API answers). Loaded on first use if no reload came first.
 */
@ApplicationScoped
public class Blocklist {

    private final BlockedNumberRepository blocked;
    private final PhoneNumbers numbers;
    private final AuditLog audit;
    private final DataSource db;
    private final Event<Change> changes;
    /** The blocked numbers, as stored. A reload replaces the set; a local change edits the current one. */
    private volatile Set<String> numbersBlocked;

    Blocklist(BlockedNumberRepository blocked, PhoneNumbers numbers, AuditLog audit, DataSource db,
              Event<Change> changes) {
        this.blocked = blocked;
        this.numbers = numbers;
        this.audit = audit;
        this.db = db;
        this.changes = changes;
    }

    public boolean isBlocked(String caller) {
        if (caller == null || caller.isBlank()) return false;
        Set<String> set = numbersBlocked;
        return (set != null ? set : reload()).contains(numbers.normalize(caller));
    }

    void onTableChanged(@Observes TableChanged changed) {
        if (changed.is("blocked_numbers")) reload();
    }

    /** Reads the whole table; serialized with {@link #onLocalChange}, which applies on top of what it read. */
    synchronized Set<String> reload() {
        Set<String> set = ConcurrentHashMap.newKeySet();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select number from blocked_numbers");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) set.add(rows.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException("reading the blocklist failed: " + e.getMessage(), e);
        }
        numbersBlocked = set;
        return set;
    }

    /** A number blocked ({@code blocked}) or unblocked through this instance, in memory once committed. */
    record Change(String number, boolean blocked) {
    }

    synchronized void onLocalChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) Change change) {
        Set<String> set = numbersBlocked;
        if (set == null) return; // not loaded yet: the first lookup reads the table, change included
        if (change.blocked()) set.add(change.number());
        else set.remove(change.number());
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
        changes.fire(new Change(e164, true));
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
        changes.fire(new Change(entry.number, false));
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
