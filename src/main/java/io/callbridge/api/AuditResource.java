package io.callbridge.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callbridge.audit.AuditLog;
import io.callbridge.store.AuditEntryRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;

/** The audit log: who changed what through the API, newest first, one page at a time. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final int MAX_FILTER = 255; // audit_log.target (V8)

    private final AuditLog audit;
    private final ObjectMapper json;

    AuditResource(AuditLog audit, ObjectMapper json) {
        this.audit = audit;
        this.json = json;
    }

    /**
     * @param action only entries of this action ({@code route.create} …)
     * @param target only entries about this target (a route id, a number in E.164 form, a setting key …)
     * @param limit  page size, 1 to 200 (default 50)
     * @param cursor the {@code nextCursor} of the previous page
     */
    @GET
    @Operation(summary = "The audit log", description = "Who changed what through the API, newest first, one page "
            + "at a time.")
    public AuditPage list(@RestQuery String action, @RestQuery String target, @RestQuery String limit,
                          @RestQuery String cursor, @Context UriInfo uri) {
        QueryParams params = new QueryParams(uri.getQueryParameters(), Set.of("action", "target", "limit", "cursor"));
        String actionFilter = text(params, "action", action);
        String targetFilter = text(params, "target", target);
        int pageSize = params.integer("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
        CallCursor.Position after = CallCursor.fromQuery(params, cursor);
        params.failIfAny();
        var filter = new AuditEntryRepository.Filter(actionFilter, targetFilter,
                after == null ? null : after.startedAt(), after == null ? null : after.id());
        return AuditPage.of(audit.page(filter, pageSize + 1), pageSize, json);
    }

    private static String text(QueryParams params, String name, String value) {
        if (QueryParams.orNull(value) == null) return null;
        if (value.length() > MAX_FILTER) {
            params.error(name, "must be at most " + MAX_FILTER + " characters");
            return null;
        }
        // The + of a number sent unencoded arrives as a space (form encoding); no target starts with one.
        return value.startsWith(" ") && !value.isBlank() ? "+" + value.strip() : value;
    }
}
