package io.callbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKeyEntity, String> {

    public List<ApiKeyEntity> listActive() {
        return list("revokedAt is null");
    }

    /** Every key, revoked ones included, oldest first. */
    public List<ApiKeyEntity> listByCreation() {
        return listAll(Sort.by("createdAt").and("id"));
    }

    /**
     * Records a use of the key. Skipped when another write (of this or another instance) recorded one less
     * than a minute ago: the time is for people, and a write per request would cost more than it tells.
     */
    public void markUsed(String id) {
        getEntityManager()
                .createNativeQuery("update api_keys set last_used_at = now() where id = ?1 "
                        + "and (last_used_at is null or last_used_at < now() - interval '1 minute')")
                .setParameter(1, id)
                .executeUpdate();
    }
}
