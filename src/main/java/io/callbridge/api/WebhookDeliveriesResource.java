package io.callbridge.api;

import io.callbridge.store.WebhookEvent;
import io.callbridge.store.WebhookEventRepository;
import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;

/** Webhook events and what became of their delivery, newest first. */
@Path("/api/webhooks/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookDeliveriesResource {

    public record Delivery(String eventId, String type, String callSid, String endpoint, OffsetDateTime createdAt,
                           int attempts, String status, Integer lastStatus, String lastError,
                           OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt, OffsetDateTime failedAt) {

        static Delivery of(WebhookEvent e) {
            String status = e.deliveredAt != null ? "delivered" : e.failedAt != null ? "failed" : "pending";
            return new Delivery(e.eventId, e.eventType, e.callSid, e.endpoint, e.createdAt, e.attempts, status,
                    e.lastStatus, e.lastError, e.deliveredAt == null && e.failedAt == null ? e.nextAttemptAt : null,
                    e.deliveredAt, e.failedAt);
        }
    }

    private final WebhookEventRepository events;

    WebhookDeliveriesResource(WebhookEventRepository events) {
        this.events = events;
    }

    @GET
    @Transactional
    public List<Delivery> list(@QueryParam("callSid") String callSid, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new jakarta.ws.rs.BadRequestException("limit must be between 1 and 500");
        }
        var query = callSid == null || callSid.isBlank()
                ? events.findAll(Sort.descending("id"))
                : events.find("callSid", Sort.descending("id"), callSid);
        return query.page(0, limit).list().stream().map(Delivery::of).toList();
    }
}
