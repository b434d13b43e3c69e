package io.callbridge.api;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code cursor} of {@code GET /api/calls}: where the last page ended, as the {@code (started_at, id)}
 * of its last row. Opaque to clients (base64url of {@code 1:<epoch seconds>:<nanos>:<id>}, 1 being the
 * format), so its form can change without breaking anyone; exact, so a page never skips or repeats a row
 * however many calls started in the same microsecond. {@code GET /api/audit} pages the same way, on
 * {@code (at, id)}.
 */
final class CallCursor {

    private static final String VERSION = "1";

    record Position(OffsetDateTime startedAt, long id) {
    }

    private CallCursor() {
    }

    static String encode(OffsetDateTime startedAt, long id) {
        Instant at = startedAt.toInstant();
        String plain = VERSION + ":" + at.getEpochSecond() + ":" + at.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** The position, or empty when {@code cursor} is not one this API handed out. */
    /**
     * The {@code cursor} query parameter: null when absent; an error on {@code params} when it is not a
     * cursor this API handed out.
     */
    static Position fromQuery(QueryParams params, String cursor) {
        if (QueryParams.orNull(cursor) == null) return null;
        Position after = decode(cursor).orElse(null);
        if (after == null) params.error("cursor", "is not a nextCursor this API returned");
        return after;
    }

    static Optional<Position> decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            String[] parts = plain.split(":", -1);
            if (parts.length != 4 || !parts[0].equals(VERSION)) return Optional.empty();
            long seconds = Long.parseLong(parts[1]);
            long nanos = Long.parseLong(parts[2]);
            long id = Long.parseLong(parts[3]);
            if (nanos < 0 || nanos > 999_999_999 || id < 0) return Optional.empty();
            return Optional.of(new Position(Instant.ofEpochSecond(seconds, nanos).atOffset(ZoneOffset.UTC), id));
        } catch (IllegalArgumentException | DateTimeException e) { // bad base64, number or range
            return Optional.empty();
        }
    }
}
