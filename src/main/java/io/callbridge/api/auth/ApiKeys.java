package io.callbridge.api.auth;

import io.callbridge.audit.Actor;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The check of a presented API key: the bootstrap keys of the environment, which always work, then the
 * keys created through {@code /api/keys} ({@link StoredKeys}).
 */
@ApplicationScoped
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);
    private static final int SHORT_KEY = 16;

    /** SHA-256 of each key: comparing digests takes the same time whatever the keys' lengths. */
    private final List<byte[]> digests;
    private final int shortKeys;
    private final StoredKeys stored;

    ApiKeys(ApiConfig config, StoredKeys stored) {
        List<String> keys = config.keys().orElse(List.of()).stream()
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .toList();
        this.digests = keys.stream().map(ApiKeys::sha256).toList();
        this.shortKeys = (int) keys.stream().filter(k -> k.length() < SHORT_KEY).count();
        this.stored = stored;
    }

    void onStart(@Observes StartupEvent start) {
        stored.start();
        if (digests.isEmpty() && stored.size() == 0) {
            LOG.warn("no API key configured (set CALLBRIDGE_API_KEY): every /api request is refused with 401");
            return;
        }
        LOG.infof("API: %d environment key(s), %d stored key(s)", digests.size(), stored.size());
        if (shortKeys > 0) LOG.warnf("API: %d key(s) shorter than %d characters; use long random keys", shortKeys, SHORT_KEY);
    }

    /**
     * The key's principal, if {@code presented} is a configured or stored active key. The environment keys
     * are checked in constant time: every key is compared, and {@link MessageDigest#isEqual} does not stop
     * at the first difference. A stored key is found by its digest, which tells an attacker nothing of
     * the keys: the digest of a random 256-bit key is as unguessable as the key.
     */
    public Optional<Actor> identify(String presented) {
        if (presented == null) return Optional.empty();
        byte[] digest = sha256(presented);
        int match = -1;
        for (int i = 0; i < digests.size(); i++) {
            if (MessageDigest.isEqual(digests.get(i), digest)) match = i;
        }
        if (match >= 0) return Optional.of(new Actor("env-" + (match + 1), "environment key " + (match + 1)));
        return stored.find(digest);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
