package io.callbridge.api.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The configured API keys, and the check of a presented one. */
@ApplicationScoped
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);
    private static final int SHORT_KEY = 16;

    /** SHA-256 of each key: comparing digests takes the same time whatever the keys' lengths. */
    private final List<byte[]> digests;
    private final int shortKeys;

    ApiKeys(ApiConfig config) {
        List<String> keys = config.keys().orElse(List.of()).stream()
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .toList();
        this.digests = keys.stream().map(ApiKeys::sha256).toList();
        this.shortKeys = (int) keys.stream().filter(k -> k.length() < SHORT_KEY).count();
    }

    void onStart(@Observes StartupEvent start) {
        if (digests.isEmpty()) {
            LOG.warn("no API key configured (set CALLBRIDGE_API_KEY): every /api request is refused with 401");
            return;
        }
        LOG.infof("API: %d key(s) configured", digests.size());
        if (shortKeys > 0) LOG.warnf("API: %d key(s) shorter than %d characters; use long random keys", shortKeys, SHORT_KEY);
    }

    /**
     * The key's principal, if {@code presented} is a configured key. Constant time: every key is compared,
     * and {@link MessageDigest#isEqual} does not stop at the first difference.
     */
    public Optional<ApiPrincipal> identify(String presented) {
        if (presented == null || digests.isEmpty()) return Optional.empty();
        byte[] digest = sha256(presented);
        int match = -1;
        for (int i = 0; i < digests.size(); i++) {
            if (MessageDigest.isEqual(digests.get(i), digest)) match = i;
        }
        if (match < 0) return Optional.empty();
        return Optional.of(new ApiPrincipal("env-" + (match + 1), "environment key " + (match + 1)));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
