package io.callbridge.recording;

import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.api.problem.ProblemException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.PathPart;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Every recording: the list (filtered by call and start time, one page at a time), one recording's metadata,
 * its audio (a stereo WAV, with HTTP Range requests), and deleting it (row and file).
 */
@Path("/api/recordings")
@Produces(MediaType.APPLICATION_JSON)
public class RecordingsResource {

    static final int MAX_LIMIT = 500;
    static final int DEFAULT_LIMIT = 50;
    /** One byte range ({@code bytes=0-99}, {@code bytes=100-}, {@code bytes=-500}); several ranges are not served. */
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final RecordingStore store;
    private final RecordingFiles files;

    RecordingsResource(RecordingStore store, RecordingFiles files) {
        this.store = store;
        this.files = files;
    }

    @GET
    @Operation(summary = "Recordings", description = "Newest first, filtered by call (callSid) and start time "
            + "(startedFrom inclusive, startedTo exclusive; ISO-8601 with an offset); nextCursor fetches the next page.")
    public RecordingsPage list(@QueryParam("callSid") String callSid,
                               @QueryParam("startedFrom") String startedFrom, @QueryParam("startedTo") String startedTo,
                               @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500",
                                       defaultValue = "50")) @QueryParam("limit") String limit,
                               @QueryParam("cursor") String cursor) throws SQLException {
        List<FieldError> errors = new ArrayList<>();
        OffsetDateTime from = time("startedFrom", startedFrom, errors);
        OffsetDateTime to = time("startedTo", startedTo, errors);
        int max = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                max = Integer.parseInt(limit);
                if (max < 1 || max > MAX_LIMIT) errors.add(new FieldError("limit", "must be from 1 to " + MAX_LIMIT));
            } catch (NumberFormatException e) {
                errors.add(new FieldError("limit", "must be an integer from 1 to " + MAX_LIMIT));
            }
        }
        RecordingStore.Cursor after = null;
        if (cursor != null) {
            after = decode(cursor);
            if (after == null) errors.add(new FieldError("cursor", "is not a nextCursor this API returned"));
        }
        if (!errors.isEmpty()) throw InvalidRequestException.of("query parameter", errors);
        List<RecordingRow> rows = store.list(new RecordingStore.Filter(blankToNull(callSid), from, to, after), max + 1);
        String next = null;
        if (rows.size() > max) {
            rows = rows.subList(0, max);
            RecordingRow last = rows.getLast();
            next = encode(last.startedAt(), last.id());
        }
        return new RecordingsPage(rows.stream().map(RecordingView::of).toList(), next);
    }

    @GET
    @Path("{recordingSid}")
    @Operation(summary = "A recording's metadata", description = "Duration, channels, sample rate, size, SHA-256 "
            + "and paused stretches once completed. 404 for an unknown recording.")
    public RecordingView get(@RestPath String recordingSid) throws SQLException {
        return RecordingView.of(find(recordingSid));
    }

    @GET
    @Path("{recordingSid}/audio")
    @Produces("audio/wav")
    @Operation(summary = "A recording's audio", description = "The stereo WAV (16-bit PCM; left: the caller, "
            + "right: the other party). Supports one HTTP byte range (Range: bytes=…; 206, or 416 when unsatisfiable). "
            + "404 for an unknown recording, 409 while it is not completed.")
    @APIResponse(responseCode = "200", description = "The whole file",
            content = @Content(mediaType = "audio/wav", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "206", description = "The requested byte range (Content-Range)",
            content = @Content(mediaType = "audio/wav", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "416", description = "The range is outside the file (Content-Range: bytes */size)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = io.callbridge.api.problem.Problem.class)))
    public Response audio(@RestPath String recordingSid, @HeaderParam("Range") String range) throws SQLException, IOException {
        RecordingRow row = find(recordingSid);
        if (!row.isCompleted()) throw new ProblemException(409, "recording " + recordingSid + " is " + row.status());
        java.nio.file.Path file = files.file(row).orElseThrow(() -> new ProblemException(404,
                "the file of recording " + recordingSid + " is missing"));
        long size = Files.size(file);
        String etag = "\"" + row.sha256() + "\"";
        if (range == null) {
            return Response.ok(file, "audio/wav").header("Accept-Ranges", "bytes").header("ETag", etag)
                    .header("Content-Length", size).build();
        }
        Matcher m = RANGE.matcher(range.trim());
        long start;
        long end;
        if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
            if (m.group(1).isEmpty()) { // the last n bytes
                long n = Long.parseLong(m.group(2));
                start = Math.max(0, size - n);
                end = size - 1;
            } else {
                start = Long.parseLong(m.group(1));
                end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            }
        } else {
            start = -1;
            end = -1;
        }
        if (start < 0 || start >= size || end < start) {
            return io.callbridge.api.problem.Problems.of(416, "range " + range + " is outside the file of " + size + " bytes",
                    "/api/recordings/" + recordingSid + "/audio").header("Content-Range", "bytes */" + size)
                    .header("Accept-Ranges", "bytes").build();
        }
        return Response.status(206).entity(new PathPart(file, start, end - start + 1)).type("audio/wav")
                .header("Accept-Ranges", "bytes").header("ETag", etag)
                .header("Content-Range", "bytes " + start + "-" + end + "/" + size)
                .header("Content-Length", end - start + 1).build();
    }

    @DELETE
    @Path("{recordingSid}")
    @Operation(summary = "Delete a recording", description = "Its metadata and its file. 404 for an unknown "
            + "recording, 409 while it is still being recorded or written.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@RestPath String recordingSid) throws SQLException, IOException {
        RecordingRow row = find(recordingSid);
        if (row.isOpen() || RecordingRow.Status.PROCESSING.code.equals(row.status())) {
            throw new ProblemException(409, "recording " + recordingSid + " is " + row.status() + "; stop it first");
        }
        files.delete(row);
        return Response.noContent().build();
    }

    private RecordingRow find(String sid) throws SQLException {
        return store.find(sid).orElseThrow(() -> new ProblemException(404, "no recording " + sid));
    }

    private static OffsetDateTime time(String name, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) return null;
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeException e) {
            errors.add(new FieldError(name, "must be an ISO-8601 time with an offset (2026-01-31T12:00:00Z)"));
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static String encode(OffsetDateTime startedAt, long id) {
        Instant at = startedAt.toInstant();
        String plain = "r1:" + at.getEpochSecond() + ":" + at.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    static RecordingStore.Cursor decode(String cursor) {
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":", -1);
            if (p.length != 4 || !p[0].equals("r1")) return null;
            long nanos = Long.parseLong(p[2]);
            if (nanos < 0 || nanos > 999_999_999) return null;
            return new RecordingStore.Cursor(Instant.ofEpochSecond(Long.parseLong(p[1]), nanos).atOffset(ZoneOffset.UTC),
                    Long.parseLong(p[3]));
        } catch (IllegalArgumentException | DateTimeException e) {
            return null;
        }
    }
}
