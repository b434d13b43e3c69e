package io.callbridge.api.auth;

import io.callbridge.audit.Actor;
import io.callbridge.api.problem.ProblemException;
import io.callbridge.audit.AuditLog;
import io.callbridge.store.ApiKeyEntity;
import io.callbridge.store.ApiKeyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Creates, lists and revokes the API keys of the {@code api_keys} table. Each change joins the caller's
 * transaction when there is one (so a record of it, such as an audit entry, commits with it), and reaches
 * {@link StoredKeys} once committed: the next request sees it.
 */
@ApplicationScoped
public class ApiKeyService {

    /** Makes a Callbridge key recognisable, to people and to secret scanners. */
    static final String KEY_PREFIX = "cbk_";
    static final String ID_PREFIX = "key_";
    /** {@code cbk_} and 8 characters of the key: 48 of its 256 random bits, enough to tell keys apart. */
    static final int SHOWN_PREFIX = 12;
    private static final int KEY_BYTES = 32;
    private static final int ID_BYTES = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyRepository keys;
    private final StoredKeys stored;
    private final TransactionSynchronizationRegistry transactions;
    private final AuditLog audit;

    ApiKeyService(ApiKeyRepository keys, StoredKeys stored, TransactionSynchronizationRegistry transactions,
                  AuditLog audit) {
        this.keys = keys;
        this.stored = stored;
        this.transactions = transactions;
        this.audit = audit;
    }

    /** A new key named {@code name} (already validated), created by {@code by}; the result holds the key. */
    @Transactional
    public NewApiKey create(String name, Actor by) {
        String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random(KEY_BYTES));
        ApiKeyEntity e = new ApiKeyEntity();
        e.id = ID_PREFIX + HexFormat.of().formatHex(random(ID_BYTES));
        e.name = name;
        e.prefix = key.substring(0, SHOWN_PREFIX);
        e.keyHash = ApiKeys.sha256(key);
        e.createdBy = by.keyId();
        keys.persist(e);
        keys.flush();
        // created_at is the database's default; read it back.
        keys.getEntityManager().refresh(e);
        Actor principal = new Actor(e.id, e.name);
        byte[] digest = e.keyHash;
        afterCommit(() -> stored.added(digest, principal));
        ApiKeyInfo info = ApiKeyInfo.of(e); // never the key or its hash: the audit log is readable by every key
        audit.record(by, AuditLog.KEY_CREATE, e.id, null, info);
        return new NewApiKey(info, key);
    }

    /** Every stored key, revoked ones included, oldest first. */
    @Transactional
    public List<ApiKeyInfo> list() {
        return keys.listByCreation().stream().map(ApiKeyInfo::of).toList();
    }

    /**
     * Revokes key {@code id} for {@code by}: from the commit on, it is refused. Returns the key as revoked.
     *
     * @throws ProblemException 404 if there is no such key (the environment's keys are not stored ones),
     *                          409 if it is already revoked
     */
    @Transactional
    public ApiKeyInfo revoke(String id, Actor by) {
        // Locked, so of two revocations at once the second sees the first and is told so.
        ApiKeyEntity e = keys.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null) throw new ProblemException(404, "no API key " + id);
        if (e.revokedAt != null) throw new ProblemException(409, "API key " + id + " is already revoked");
        ApiKeyInfo before = ApiKeyInfo.of(e);
        e.revokedAt = OffsetDateTime.now(ZoneOffset.UTC);
        e.revokedBy = by.keyId();
        afterCommit(() -> stored.revoked(id));
        ApiKeyInfo after = ApiKeyInfo.of(e);
        audit.record(by, AuditLog.KEY_REVOKE, id, before, after);
        return after;
    }

    private void afterCommit(Runnable action) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the commit
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) action.run();
            }
        });
    }

    private static byte[] random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return b;
    }
}
