package io.callbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class AuditEntryRepository implements PanacheRepository<AuditEntry> {

    /**
     * Which entries {@link #page} returns. A null filter is left out. {@code afterAt} and {@code afterId}
     * (both or neither) are the keyset position: only entries after it in newest-first order.
     */
    public record Filter(String action, String target, OffsetDateTime afterAt, Long afterId) {
    }

    /** At most {@code limit} entries, newest first ({@code at}, then {@code id}), served by the V8 indexes. */
    public List<AuditEntry> page(Filter f, int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (f.action() != null) {
            where.add("action = :action");
            params.and("action", f.action());
        }
        if (f.target() != null) {
            where.add("target = :target");
            params.and("target", f.target());
        }
        if (f.afterAt() != null && f.afterId() != null) {
            where.add("(at, id) < (:afterAt, :afterId)");
            params.and("afterAt", f.afterAt()).and("afterId", f.afterId());
        }
        Sort newestFirst = Sort.descending("at", "id");
        var query = where.isEmpty() ? findAll(newestFirst) : find(String.join(" and ", where), newestFirst, params);
        return query.range(0, limit - 1).list();
    }
}
