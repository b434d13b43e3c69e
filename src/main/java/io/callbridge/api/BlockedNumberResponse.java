package io.callbridge.api;

import io.callbridge.store.BlockedNumber;
import java.time.OffsetDateTime;

/** A blocked number as the API shows it; {@code number} is the stored (E.164) form. */
public record BlockedNumberResponse(String number, String reason, OffsetDateTime createdAt) {

    static BlockedNumberResponse of(BlockedNumber b) {
        return new BlockedNumberResponse(b.number, b.reason, b.createdAt);
    }
}
