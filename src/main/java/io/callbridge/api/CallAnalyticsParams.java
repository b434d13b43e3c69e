package io.callbridge.api;

import io.callbridge.call.Direction;
import io.callbridge.store.CallAnalytics;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The query of {@code GET /api/analytics/calls}: the time range, the bucket size and optional filters.
 * {@link #validate} checks every parameter and reports all invalid ones at once, naming each.
 */
public class CallAnalyticsParams {

    static final Set<String> NAMES = Set.of("from", "to", "interval", "direction", "route");
    static final int MAX_ROUTE = 64; // calls.route (V1)

    private static final List<String> DIRECTIONS = Arrays.stream(Direction.values()).map(Direction::code).toList();
    private static final List<String> INTERVALS = Arrays.stream(Interval.values()).map(Interval::code).toList();

    /** A bucket: one UTC hour or day. The limits keep one answer to about a month of hours or a year of days. */
    enum Interval {
        HOUR(ChronoUnit.HOURS, 744, "31 days"),
        DAY(ChronoUnit.DAYS, 366, "366 days");

        final ChronoUnit unit;
        final int maxBuckets;
        final String maxSpan;

        Interval(ChronoUnit unit, int maxBuckets, String maxSpan) {
            this.unit = unit;
            this.maxBuckets = maxBuckets;
            this.maxSpan = maxSpan;
        }

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        Duration step() {
            return unit.getDuration();
        }
    }

    @RestQuery
    @Parameter(required = true, example = "2026-11-26T00:00:00Z",
            description = "Start of the range, an ISO-8601 instant; rounded down to the start of its bucket")
    public String from;

    @RestQuery
    @Parameter(required = true, example = "2026-11-27T00:00:00Z",
            description = "End of the range (exclusive), an ISO-8601 instant; rounded up to a bucket boundary")
    public String to;

    @RestQuery
    @Parameter(required = true, description = "Bucket size: a UTC hour (at most 744 per request) or day (366)",
            schema = @Schema(enumeration = {"hour", "day"}))
    public String interval;

    @RestQuery
    @Parameter(description = "Only the calls of this direction",
            schema = @Schema(enumeration = {"inbound", "outbound"}))
    public String direction;

    @RestQuery
    @Parameter(description = "Only the calls of the route with this number (1000, +4930*)")
    public String route;

    /** The range widened to whole buckets, and the filter. */
    record Query(OffsetDateTime from, OffsetDateTime to, Interval interval, CallAnalytics.Filter filter) {
    }

    /** @param all every query parameter sent, to refuse unknown and repeated ones */
    Query validate(MultivaluedMap<String, String> all) {
        QueryParams params = new QueryParams(all, NAMES);
        OffsetDateTime fromAt = required(params, "from", from) ? params.instant("from", from) : null;
        OffsetDateTime toAt = required(params, "to", to) ? params.instant("to", to) : null;
        String code = required(params, "interval", interval) ? params.oneOf("interval", interval, INTERVALS) : null;
        Interval size = code == null ? null : Interval.valueOf(code.toUpperCase(Locale.ROOT));
        OffsetDateTime start = null;
        OffsetDateTime end = null;
        if (fromAt != null && toAt != null && !toAt.isAfter(fromAt)) {
            params.error("to", "must be after from");
        } else if (fromAt != null && toAt != null && size != null) {
            start = fromAt.truncatedTo(size.unit);
            end = toAt.truncatedTo(size.unit);
            if (end.isBefore(toAt)) end = end.plus(1, size.unit);
            if (Duration.between(start, end).dividedBy(size.step()) > size.maxBuckets) {
                params.error("to", "must be at most " + size.maxSpan + " after from with interval=" + size.code()
                        + " (" + size.maxBuckets + " buckets)");
            }
        }
        String dir = params.oneOf("direction", direction, DIRECTIONS);
        String routeNumber = QueryParams.orNull(route);
        if (routeNumber != null && routeNumber.length() > MAX_ROUTE) {
            params.error("route", "must be a route number of at most " + MAX_ROUTE + " characters");
        }
        params.failIfAny();
        return new Query(start, end, size, new CallAnalytics.Filter(dir, routeNumber));
    }

    private static boolean required(QueryParams params, String name, String value) {
        if (QueryParams.orNull(value) != null) return true;
        params.error(name, "is required");
        return false;
    }
}
