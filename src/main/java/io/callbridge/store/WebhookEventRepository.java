package io.callbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class WebhookEventRepository implements PanacheRepository<WebhookEvent> {

    /**
     * Events due now whose call has no earlier event for the same receiver still pending (per-call order),
     * oldest first, locked for this instance (other instances skip them).
     */
    @SuppressWarnings("unchecked")
    public List<WebhookEvent> lockDue(int limit) {
        return getEntityManager().createNativeQuery("""
                select * from webhook_outbox o
                 where o.delivered_at is null and o.failed_at is null and o.next_attempt_at <= now()
                   and not exists (select 1 from webhook_outbox p
                                    where p.call_sid = o.call_sid and p.endpoint = o.endpoint and p.id < o.id
                                      and p.delivered_at is null and p.failed_at is null)
                 order by o.id
                 limit :limit
                 for update skip locked""", WebhookEvent.class)
                .setParameter("limit", limit)
                .getResultList();
    }
}
