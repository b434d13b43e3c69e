package io.callbridge.api;

import io.callbridge.store.CallRecord;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The caller leg's quality in a CDR: Asterisk's RTP statistics of the caller's channel (the carrier or phone side),
 * last sampled at {@code sampledAt}. "In" is caller → Asterisk, "out" is Asterisk → caller as the caller's RTCP
 * reports tell it (null when it sent none, as is {@code rttMs}). Loss in percent of the packets expected, jitter
 * and round-trip time in milliseconds, {@code mos} estimated by the ITU-T G.107 E-model (docs/api.md).
 */
@Schema(description = "The caller leg's quality (Asterisk's RTP statistics of the caller's channel)")
public record CallerQualityResponse(@Schema(required = true) long packetsIn,
                                    @Schema(required = true) long packetsLostIn,
                                    @Schema(required = true, minimum = "0", maximum = "100") double lossInPercent,
                                    @Schema(required = true) double jitterInMs,
                                    @Schema(required = true) long packetsOut,
                                    @Schema(required = true, nullable = true) Long packetsLostOut,
                                    @Schema(required = true, nullable = true, minimum = "0", maximum = "100") Double lossOutPercent,
                                    @Schema(required = true, nullable = true) Double jitterOutMs,
                                    @Schema(required = true, nullable = true) Double rttMs,
                                    @Schema(required = true, minimum = "1", maximum = "4.5") double mos,
                                    @Schema(required = true) Instant sampledAt) {

    /** Null for a CDR without caller-leg figures (never answered, never sampled, or older than them). */
    static CallerQualityResponse of(CallRecord r) {
        if (r.callerMos == null || r.callerQualityAt == null) return null;
        return new CallerQualityResponse(orZero(r.callerPacketsIn), orZero(r.callerPacketsLostIn),
                r.callerLossInPercent == null ? 0 : r.callerLossInPercent,
                r.callerJitterInMs == null ? 0 : r.callerJitterInMs, orZero(r.callerPacketsOut),
                r.callerPacketsLostOut, r.callerLossOutPercent, r.callerJitterOutMs, r.callerRttMs, r.callerMos,
                r.callerQualityAt.toInstant());
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
