package io.callbridge.api;

import io.callbridge.store.WebhookEvent;
import io.callbridge.store.WebhookEventRepository;
import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Webhook events and what became of their delivery, newest first. */
@Path("/api/webhooks/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookDeliveriesResource {

    /** One webhook event and what became of it. */
    public record Delivery(@Schema(required = true) String eventId, @Schema(required = true) String type,
                           @Schema(required = true, nullable = true) String callSid,
                           @Schema(required = true) String endpoint, @Schema(required = true) OffsetDateTime createdAt,
                           @Schema(required = true) int attempts,
                           @Schema(required = true, enumeration = {"pending", "delivered", "failed"}) String status,
                           @Schema(required = true, nullable = true) Integer lastStatus,
                           @Schema(required = true, nullable = true) String lastError,
                           @Schema(required = true, nullable = true) OffsetDateTime nextAttemptAt,
                           @Schema(required = true, nullable = true) OffsetDateTime deliveredAt,
                           @Schema(required = true, nullable = true) OffsetDateTime failedAt) {

        static Delivery of(WebhookEvent e) {
            String status = e.deliveredAt != null ? "delivered" : e.failedAt != null ? "failed" : "pending";
            return new Delivery(e.eventId, e.eventType, e.callSid, e.endpoint, e.createdAt, e.attempts, status,
                    e.lastStatus, e.lastError, e.deliveredAt == null && e.failedAt == null ? e.nextAttemptAt : null,
                    e.deliveredAt, e.failedAt);
        }
    }

    static final int MAX_LIMIT = 500;
    static final int DEFAULT_LIMIT = 50;

    private final WebhookEventRepository events;

    WebhookDeliveriesResource(WebhookEventRepository events) {
        this.events = events;
    }

    /** The {@code status} filter's values, each with the outbox condition it stands for. */
    private static final Map<String, String> STATUS = Map.of(
            "pending", "deliveredAt is null and failedAt is null",
            "delivered", "deliveredAt is not null",
            "failed", "failedAt is not null");

    /**
     * Newest first: every event, or those of one call ({@code callSid}) and/or in one delivery status
     * ({@code status}: pending, delivered or failed); at most {@code limit} (1–500, default 50). A bad value or
     * an unknown parameter is a 400 naming it.
     */
    @GET
    @Transactional
    @Operation(summary = "Webhook deliveries", description = "What became of each webhook event, newest first; "
            + "filtered by call (callSid) and delivery status (status: pending, delivered or failed).")
    public List<Delivery> list(@QueryParam("callSid") String callSid,
                               @Parameter(schema = @Schema(enumeration = {"pending", "delivered", "failed"}))
                               @QueryParam("status") String status,
                               @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500",
                                       defaultValue = "50"))
                               @QueryParam("limit") String limit, @Context UriInfo uri) {
        QueryParams params = new QueryParams(uri.getQueryParameters(), Set.of("callSid", "status", "limit"));
        int pageSize = params.integer("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
        String state = params.oneOf("status", status, List.of("pending", "delivered", "failed"));
        params.failIfAny();
        List<String> where = new ArrayList<>();
        Map<String, Object> values = new HashMap<>();
        if (callSid != null && !callSid.isBlank()) {
            where.add("callSid = :callSid");
            values.put("callSid", callSid);
        }
        if (state != null) where.add(STATUS.get(state));
        var query = where.isEmpty()
                ? events.findAll(Sort.descending("id"))
                : events.find(String.join(" and ", where), Sort.descending("id"), values);
        return query.page(0, pageSize).list().stream().map(Delivery::of).toList();
    }
}
