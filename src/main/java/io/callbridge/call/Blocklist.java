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

    /** Blocks {@code number}; returns the stored entry (an existing one keeps its reason updated). */
    @Transactional
    public BlockedNumber block(String number, String reason) {
        String key = numbers.normalize(number);
        BlockedNumber b = blocked.findByIdOptional(key).orElseGet(() -> {
            BlockedNumber fresh = new BlockedNumber();
            fresh.number = key;
            return fresh;
        });
        b.reason = reason;
        if (!blocked.isPersistent(b)) blocked.persist(b);
        blocked.flush();
        return b;
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
