package io.callbridge.debug;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A live debug entry: the SIP messages of one number's calls, or of one call, are captured until
 * {@code expiresAt}, and the app logs verbosely meanwhile.
 *
 * @param id        the entry's id (path of GET/DELETE /api/debug/{id})
 * @param number    the number (or SIP user) whose calls are captured, matched on the From and To user; null
 *                  for a call's entry
 * @param callSid   the call whose messages are captured; null for a number's entry
 * @param sipCallId the SIP Call-ID of that call at the edge; null for a number's entry
 * @param createdAt when the entry was made
 * @param expiresAt when it ends by itself
 */
@Schema(name = "DebugEntry", description = "Capture and verbose logs for one number or one call, until expiresAt.")
public record DebugEntry(
        long id,
        @Schema(nullable = true, example = "+4930123456") String number,
        @Schema(nullable = true, example = "CA0123456789abcdef0123456789abcdef") String callSid,
        @Schema(nullable = true) String sipCallId,
        OffsetDateTime createdAt,
        OffsetDateTime expiresAt) {

    /** The keys of Kamailio's htable "debug" (capture.cfg) that select this entry's messages. */
    java.util.List<String> kamailioKeys() {
        if (sipCallId != null) return java.util.List.of("c:" + sipCallId);
        // A number shows up in SIP with or without its '+' (E.164 or as a carrier sends it).
        if (number.startsWith("+")) return java.util.List.of("n:" + number, "n:" + number.substring(1));
        return java.util.List.of("n:" + number);
    }
}
