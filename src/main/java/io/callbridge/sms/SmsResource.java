package io.callbridge.sms;

import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.api.problem.ProblemException;
import io.callbridge.call.PhoneNumbers;
import io.callbridge.store.JdbcTransaction;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/**
 * SMS over the API (docs/sms.md, docs/api.md): send (queued durably, answered 202 with the MessageSid at once),
 * one message with its attempts, the history (filters and a cursor), and each number's messaging webhook.
 */
@Path("/api/sms")
@Produces(MediaType.APPLICATION_JSON)
public class SmsResource {

    static final int MAX_LIMIT = 500;
    static final int DEFAULT_LIMIT = 50;
    private static final Set<String> FORMATS = Set.of("twilio", WebhookForwarding.JSON);

    private final DataSource db;
    private final SmsStore store;
    private final SmsQueue queue;
    private final SmsEvents events;
    private final SmsDispatcher dispatcher;
    private final PhoneNumbers numbers;

    SmsResource(DataSource db, SmsStore store, SmsQueue queue, SmsEvents events, SmsDispatcher dispatcher,
                PhoneNumbers numbers) {
        this.db = db;
        this.store = store;
        this.queue = queue;
        this.events = events;
        this.dispatcher = dispatcher;
        this.numbers = numbers;
    }

    @POST
    @Path("send")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send an SMS", description = "Queues the message in the durable outbox and answers 202 with "
            + "its messageSid at once; it goes as a SIP MESSAGE to a registered user or through the SMS trunk. Its "
            + "status (queued, sending, sent, failed, undelivered) is in GET /api/sms/{messageSid}, sms.status "
            + "webhooks and the statusCallback.")
    @APIResponse(responseCode = "202", description = "Queued; the message, with its messageSid",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SmsView.class)))
    public Response send(SendRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) throw InvalidRequestException.of("send request", List.of(new FieldError("body", "is required")));
        if (blank(request.from())) errors.add(new FieldError("from", "is required"));
        if (blank(request.to())) errors.add(new FieldError("to", "is required"));
        if (request.body() == null || request.body().isEmpty()) errors.add(new FieldError("body", "is required"));
        if (request.statusCallback() != null && !isHttpUrl(request.statusCallback())) {
            errors.add(new FieldError("statusCallback", "must be an http or https URL"));
        }
        if (!errors.isEmpty()) throw InvalidRequestException.of("send request", errors);
        String from = request.from().contains("@") ? request.from().strip() : numbers.normalize(request.from());
        String to = request.to().contains("@") ? request.to().strip() : numbers.normalize(request.to());
        SmsMessage m;
        try {
            m = JdbcTransaction.run(db, "queueing an SMS", c -> {
                SmsMessage queued = queue.queue(c, from, to, request.body(), request.statusCallback(), null);
                events.status(c, queued, SmsStatus.QUEUED, null, null);
                return queued;
            });
        } catch (SmsQueue.Refused e) {
            if (e.status == 400) throw InvalidRequestException.of("send request", List.of(new FieldError("body", e.getMessage())));
            throw new ProblemException(e.status, e.getMessage());
        }
        dispatcher.wake();
        return Response.accepted(SmsView.of(m, null)).build();
    }

    @GET
    @Path("{messageSid}")
    @Operation(summary = "One SMS", description = "The message, its status and each attempt with its SIP code "
            + "(outbound) or its webhook's HTTP status (inbound).")
    public SmsView get(@RestPath String messageSid) {
        return JdbcTransaction.run(db, "reading an SMS", c -> store.find(c, messageSid)
                        .map(m -> {
                            try {
                                return SmsView.of(m, store.attempts(c, m.sid()));
                            } catch (java.sql.SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        }))
                .orElseThrow(() -> new ProblemException(404, "no message " + messageSid));
    }

    @GET
    @Path("history")
    @Operation(summary = "SMS history", description = "Newest first. Filters: number (from or to), direction "
            + "(inbound, outbound), status, createdFrom (inclusive) and createdTo (exclusive, ISO-8601 with an "
            + "offset); limit (1-500, default 50); nextCursor fetches the next page.")
    public SmsPage history(@QueryParam("number") String number, @QueryParam("direction") String direction,
                           @QueryParam("status") String status, @QueryParam("createdFrom") String createdFrom,
                           @QueryParam("createdTo") String createdTo, @QueryParam("limit") String limit,
                           @QueryParam("cursor") String cursor) {
        List<FieldError> errors = new ArrayList<>();
        if (direction != null && !Set.of(SmsMessage.INBOUND, SmsMessage.OUTBOUND).contains(direction)) {
            errors.add(new FieldError("direction", "must be inbound or outbound"));
        }
        if (status != null) {
            try {
                SmsStatus.of(status);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("status", "is not a message status"));
            }
        }
        OffsetDateTime from = time(createdFrom, "createdFrom", errors);
        OffsetDateTime to = time(createdTo, "createdTo", errors);
        int size = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit);
                if (size < 1 || size > MAX_LIMIT) errors.add(new FieldError("limit", "must be 1 to " + MAX_LIMIT));
            } catch (NumberFormatException e) {
                errors.add(new FieldError("limit", "must be a number"));
            }
        }
        Object[] after = cursor == null ? null : decodeCursor(cursor);
        if (cursor != null && after == null) errors.add(new FieldError("cursor", "is not a nextCursor this API returned"));
        if (!errors.isEmpty()) throw InvalidRequestException.of("query", errors);
        String wanted = number == null ? null : number.contains("@") ? number.strip() : numbers.normalize(number);
        int pageSize = size;
        SmsStore.Filter filter = new SmsStore.Filter(wanted, direction, status, from, to,
                after == null ? null : (OffsetDateTime) after[0], after == null ? null : (String) after[1], pageSize + 1);
        List<SmsMessage> rows = JdbcTransaction.run(db, "reading SMS history", c -> store.history(c, filter));
        boolean more = rows.size() > pageSize;
        List<SmsMessage> page = more ? rows.subList(0, pageSize) : rows;
        SmsMessage last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new SmsPage(page.stream().map(m -> SmsView.of(m, null)).toList(),
                more ? encodeCursor(last.createdAt(), last.sid()) : null);
    }

    @PUT
    @Path("numbers/{number}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a number's messaging webhook", description = "Inbound messages to the number go to "
            + "url: format twilio (Twilio's SMS parameters, signed; a TwiML <Message> answer is sent as the reply) "
            + "or json.")
    public Map<String, String> putNumber(@RestPath String number, NumberRouteRequest request) {
        String format = request == null || request.format() == null ? "twilio" : request.format();
        List<FieldError> errors = new ArrayList<>();
        if (request == null || !isHttpUrl(request.url())) errors.add(new FieldError("url", "must be an http or https URL"));
        if (!FORMATS.contains(format)) errors.add(new FieldError("format", "must be twilio or json"));
        if (!errors.isEmpty()) throw InvalidRequestException.of("number route", errors);
        String normalized = numbers.normalize(number);
        JdbcTransaction.run(db, "storing an SMS number", c -> {
            store.putRoute(c, new SmsStore.NumberRoute(normalized, request.url(), format));
            return null;
        });
        return Map.of("number", normalized, "url", request.url(), "format", format);
    }

    @DELETE
    @Path("numbers/{number}")
    @Operation(summary = "Remove a number's messaging webhook", description = "Inbound messages to it are then refused (404).")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response deleteNumber(@RestPath String number) {
        boolean removed = JdbcTransaction.run(db, "removing an SMS number", c -> store.deleteRoute(c, numbers.normalize(number)));
        if (!removed) throw new ProblemException(404, "no messaging webhook for " + number);
        return Response.noContent().build();
    }

    private static OffsetDateTime time(String value, String field, List<FieldError> errors) {
        if (value == null) return null;
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be ISO-8601 with an offset"));
            return null;
        }
    }

    static String encodeCursor(OffsetDateTime createdAt, String sid) {
        Instant at = createdAt.toInstant();
        String plain = "1:" + at.getEpochSecond() + ":" + at.getNano() + ":" + sid;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** {createdAt, sid}, or null when the cursor is not one this API handed out. */
    static Object[] decodeCursor(String cursor) {
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":", 4);
            if (p.length != 4 || !p[0].equals("1") || !p[3].startsWith("SM")) return null;
            return new Object[]{Instant.ofEpochSecond(Long.parseLong(p[1]), Long.parseLong(p[2])).atOffset(ZoneOffset.UTC), p[3]};
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean isHttpUrl(String s) {
        if (s == null) return false;
        try {
            var uri = java.net.URI.create(s);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
