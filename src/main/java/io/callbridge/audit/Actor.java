package io.callbridge.audit;

/**
 * Who made a change: the API key of the request that made it, as the audit log records it. Plain data, so
 * services below the REST layer can take it without knowing how a request is authenticated.
 *
 * @param keyId a stable, non-secret id of the key (never the key itself): {@code key_…} for a stored key,
 *              {@code env-1}, {@code env-2}, … for the bootstrap keys
 * @param name  a human name of the key, for logs and the audit log
 */
public record Actor(String keyId, String name) {
}
