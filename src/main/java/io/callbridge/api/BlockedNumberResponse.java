package io.callbridge.api;

import io.callbridge.store.BlockedNumber;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A blocked number as the API shows it; {@code number} is the stored (E.164) form. */
public record BlockedNumberResponse(
        @Schema(required = true, description = "E.164 for a phone number, else the extension or SIP user") String number,
        @Schema(required = true, nullable = true) String reason,
        @Schema(required = true) OffsetDateTime createdAt) {

    static BlockedNumberResponse of(BlockedNumber b) {
        return new BlockedNumberResponse(b.number, b.reason, b.createdAt);
    }
}
