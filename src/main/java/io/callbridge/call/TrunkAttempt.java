package io.callbridge.call;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One gateway an outbound leg of a call was sent to through a carrier trunk, as Kamailio recorded it
 * (table {@code trunk_attempt}, kamailio/trunkout.cfg): the SIP code it ended with, 200 for the gateway that
 * carried the call, 408 for one that never answered.
 */
public record TrunkAttempt(@Schema(required = true) long trunkId,
                           @Schema(required = true, description = "The gateway's SIP URI, e.g. sip:192.0.2.10:5060")
                           String gateway,
                           @Schema(required = true) int sipCode,
                           @Schema(required = true) Instant at) {
}
