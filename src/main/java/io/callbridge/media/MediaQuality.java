package io.callbridge.media;

/** A call's media figures, as stored in its CDR. "in" is caller → app, "out" is app → caller. */
public record MediaQuality(long packetsIn, long bytesIn, long packetsOut, long bytesOut, long packetsLost,
                           long packetsOutOfOrder, double jitterMs, long framesDropped) {
}
