package io.callbridge.call;

import io.callbridge.store.BlockedNumber;
import io.callbridge.store.BlockedNumberRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Callers refused before answer. Numbers are compared in E.164 form whatever form they come in. */
@ApplicationScoped
public class Blocklist {

    private final BlockedNumberRepository blocked;
    private final PhoneNumbers numbers;

    Blocklist(BlockedNumberRepository blocked, PhoneNumbers numbers) {
        this.blocked = blocked;
        this.numbers = numbers;
    }

    @Transactional
    public boolean isBlocked(String caller) {
        if (caller == null || caller.isBlank()) return false;
        return blocked.findByIdOptional(numbers.normalize(caller)).isPresent();
    }

    /**
     * Blocks {@code number}, or replaces the reason of an existing block. One statement (an upsert), so
     * two requests blocking the same new number at once both succeed.
     */
    @Transactional
    public void block(String number, String reason) {
        blocked.getEntityManager()
                .createNativeQuery("insert into blocked_numbers(number, reason) values (?1, ?2) "
                        + "on conflict (number) do update set reason = excluded.reason")
                .setParameter(1, numbers.normalize(number))
                .setParameter(2, reason)
                .executeUpdate();
    }

    /** Returns false when the number was not blocked. */
    @Transactional
    public boolean unblock(String number) {
        return blocked.deleteById(numbers.normalize(number));
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
