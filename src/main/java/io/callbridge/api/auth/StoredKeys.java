package io.callbridge.api.auth;

import io.callbridge.audit.Actor;
import io.callbridge.AppThreads;
import io.callbridge.store.ApiKeyEntity;
import io.callbridge.store.ApiKeyRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The active keys of the {@code api_keys} table, held in memory by SHA-256. The key check runs in a
 * pre-matching filter, on the I/O thread, where JDBC must not run; a lookup here never touches the
 * database. This instance's creations and revocations apply at once ({@link #added}, {@link #revoked}, after
 * their commit); other instances' within a second (a change notification, {@link #onTableChanged}), and at the
 * latest within {@code callbridge.api.key-refresh}, when the table is read again.
 */
@ApplicationScoped
public class StoredKeys {

    private static final Logger LOG = Logger.getLogger(StoredKeys.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final long MARK_USED_EVERY_MILLIS = TimeUnit.MINUTES.toMillis(1);

    /** A key that works, and when its use was last written (epoch ms), to write it at most once a minute. */
    private record Active(Actor principal, AtomicLong usedAt) {
    }

    private final ApiKeyRepository keys;
    private final ApiConfig config;
    /** Reloads, and the last-used writes, off the request path. */
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            AppThreads.withAppClassLoader(Thread.ofPlatform().name("api-keys").daemon().factory()));

    /** Replaced whole, never changed: readers need no lock. Writers hold this object's lock (see reload). */
    private volatile Map<String, Active> byHash = Map.of();

    StoredKeys(ApiKeyRepository keys, ApiConfig config) {
        this.keys = keys;
        this.config = config;
    }

    /** Loads the keys, then reloads them every {@code key-refresh}. Until then, no stored key works. */
    void start() {
        reload();
        long every = config.keyRefresh().toMillis();
        worker.scheduleWithFixedDelay(this::reloadQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * A key was created or revoked, here or on another instance (V26 trigger, {@code store.TableChanges}): reloaded
     * off the listener's thread, so every instance agrees within a second, not only at the next refresh.
     */
    void onTableChanged(@Observes io.callbridge.store.TableChanged changed) {
        if (!changed.is("api_keys")) return;
        try {
            worker.execute(this::reloadQuietly);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        worker.shutdownNow();
    }

    /** The principal of the active key with this SHA-256, if there is one; notes the use. */
    Optional<Actor> find(byte[] digest) {
        Active key = byHash.get(HEX.formatHex(digest));
        if (key == null) return Optional.empty();
        markUsed(key);
        return Optional.of(key.principal());
    }

    int size() {
        return byHash.size();
    }

    /**
     * Reads the table again. Holding the lock while reading makes a creation or revocation committed
     * meanwhile apply after this swap, not be undone by it: {@link #added} and {@link #revoked} wait for it.
     */
    synchronized void reload() {
        List<ApiKeyEntity> active = QuarkusTransaction.requiringNew().call(keys::listActive);
        Map<String, Active> next = new HashMap<>();
        for (ApiKeyEntity e : active) {
            long usedAt = e.lastUsedAt == null ? 0 : e.lastUsedAt.toInstant().toEpochMilli();
            Active known = byHash.get(HEX.formatHex(e.keyHash));
            if (known != null) usedAt = Math.max(usedAt, known.usedAt().get());
            next.put(HEX.formatHex(e.keyHash), new Active(new Actor(e.id, e.name), new AtomicLong(usedAt)));
        }
        byHash = Map.copyOf(next);
    }

    /** A key created through this instance: it works from the next request. Call after the commit. */
    synchronized void added(byte[] digest, Actor principal) {
        Map<String, Active> next = new HashMap<>(byHash);
        next.put(HEX.formatHex(digest), new Active(principal, new AtomicLong()));
        byHash = Map.copyOf(next);
    }

    /** A key revoked through this instance: refused from the next request. Call after the commit. */
    synchronized void revoked(String id) {
        Map<String, Active> next = new HashMap<>(byHash);
        next.values().removeIf(key -> key.principal().keyId().equals(id));
        byHash = Map.copyOf(next);
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            // Keep the keys known: the database may be back by the next round.
            LOG.warnf("API keys: reloading api_keys failed, keeping the %d key(s) known: %s", size(), e.toString());
        }
    }

    private void markUsed(Active key) {
        long now = System.currentTimeMillis();
        long last = key.usedAt().get();
        if (now - last < MARK_USED_EVERY_MILLIS || !key.usedAt().compareAndSet(last, now)) return;
        String id = key.principal().keyId();
        try {
            worker.execute(() -> {
                try {
                    QuarkusTransaction.requiringNew().run(() -> keys.markUsed(id));
                } catch (RuntimeException e) {
                    LOG.warnf("API keys: recording the use of %s failed: %s", id, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // Shutting down: the request goes on, its use is not recorded.
        }
    }
}
