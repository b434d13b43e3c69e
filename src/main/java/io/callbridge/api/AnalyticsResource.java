package io.callbridge.api;

import io.callbridge.store.CallAnalytics;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Figures over the CDRs, per UTC hour or day. Thin: {@link CallAnalyticsParams} checks the query,
 * {@link CallAnalytics} computes everything in PostgreSQL.
 */
@Path("/api/analytics")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    private final CallAnalytics analytics;

    AnalyticsResource(CallAnalytics analytics) {
        this.analytics = analytics;
    }

    @GET
    @Path("calls")
    @Operation(summary = "Calls, answered calls, ASR, average duration, terminations and peak concurrency, "
            + "per UTC hour or day", description = "Computed from the CDRs of every instance at request time; one "
            + "entry per bucket of the range, oldest first, empty buckets included.")
    public CallAnalyticsResponse calls(@BeanParam CallAnalyticsParams params, @Context UriInfo uri) {
        CallAnalyticsParams.Query query = params.validate(uri.getQueryParameters());
        return CallAnalyticsResponse.of(query,
                analytics.calls(query.from(), query.to(), query.interval().step(), query.filter()));
    }
}
