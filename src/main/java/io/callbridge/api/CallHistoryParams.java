package io.callbridge.api;

import io.callbridge.call.Direction;
import io.callbridge.call.Termination;
import io.callbridge.store.CallRecordRepository.HistoryFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The query of {@code GET /api/calls}: filters, page size and cursor. {@link #validate} checks every
 * parameter and reports all invalid ones at once, naming each.
 */
public class CallHistoryParams {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final int MAX_NUMBER = 128; // calls.from_number, calls.to_number (V1)
    static final Set<String> NAMES =
            Set.of("from", "to", "direction", "termination", "since", "until", "limit", "cursor");

    private static final List<String> DIRECTIONS = Arrays.stream(Direction.values()).map(Direction::code).toList();
    private static final List<String> TERMINATIONS =
            Arrays.stream(Termination.Result.values()).map(Termination.Result::code).toList();

    /** The caller's number, as on record or in any form that normalizes to it. */
    @RestQuery
    @Parameter(allowEmptyValue = true)
    public String from;
    /** The dialed number, as on record or in any form that normalizes to it. */
    @RestQuery
    @Parameter(allowEmptyValue = true)
    public String to;
    /** {@code inbound} or {@code outbound}. */
    @RestQuery
    @Parameter(allowEmptyValue = true, schema = @Schema(enumeration = {"inbound", "outbound"}))
    public String direction;
    /** A termination code such as {@code completed} or {@code no_route}. */
    @RestQuery
    @Parameter(allowEmptyValue = true, description = "A termination code (docs/architecture.md#terminations)",
            schema = @Schema(enumeration = {"completed", "caller_hangup", "blocked", "no_route", "busy", "no_answer",
                    "rejected", "canceled", "transferred", "transfer_failed", "agent_hangup", "agent_failed", "flow_failed",
                    "over_capacity", "failed", "shutdown", "lost", "media_node_lost", "orphaned", "error"}))
    public String termination;
    /** Calls that started at or after this ISO-8601 instant. */
    @RestQuery
    @Parameter(allowEmptyValue = true)
    public String since;
    /** Calls that started before this ISO-8601 instant. */
    @RestQuery
    @Parameter(allowEmptyValue = true)
    public String until;
    /** Page size, 1 to 200 (default 50). */
    @RestQuery
    @Parameter(allowEmptyValue = true, schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200",
            defaultValue = "50"))
    public String limit;
    /** The {@code nextCursor} of the previous page. */
    @RestQuery
    @Parameter(allowEmptyValue = true)
    public String cursor;

    /** What the history returns: the filter with its keyset position, and the page size. */
    record Query(HistoryFilter filter, int limit) {
    }

    /**
     * @param all       every query parameter sent, to refuse unknown and repeated ones
     * @param normalize the blocklist's E.164 normalization, so {@code from=(555) 000-1111} finds
     *                  {@code +15550001111}
     */
    Query validate(MultivaluedMap<String, String> all, UnaryOperator<String> normalize) {
        QueryParams params = new QueryParams(all, NAMES);
        Set<String> fromForms = number(params, "from", from, normalize);
        Set<String> toForms = number(params, "to", to, normalize);
        String dir = params.oneOf("direction", direction, DIRECTIONS);
        String term = params.oneOf("termination", termination, TERMINATIONS);
        OffsetDateTime sinceAt = params.instant("since", since);
        OffsetDateTime untilAt = params.instant("until", until);
        if (sinceAt != null && untilAt != null && !untilAt.isAfter(sinceAt)) {
            params.error("until", "must be after since");
        }
        int pageSize = params.integer("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
        CallCursor.Position after = CallCursor.fromQuery(params, cursor);
        params.failIfAny();
        return new Query(new HistoryFilter(fromForms, toForms, dir, term, sinceAt, untilAt,
                after == null ? null : after.startedAt(), after == null ? null : after.id()), pageSize);
    }

    private static Set<String> number(QueryParams params, String name, String value, UnaryOperator<String> normalize) {
        if (QueryParams.orNull(value) == null) return null;
        String stripped = value.strip();
        // An unencoded + in a query string arrives as a space (form encoding); a number never starts with one.
        String given = value.startsWith(" ") && !stripped.isEmpty() ? "+" + stripped : stripped;
        if (given.isEmpty() || given.length() > MAX_NUMBER) {
            params.error(name, "must be a number of at most " + MAX_NUMBER + " characters");
            return null;
        }
        Set<String> forms = new LinkedHashSet<>();
        forms.add(given);
        forms.add(normalize.apply(given));
        return forms;
    }
}
