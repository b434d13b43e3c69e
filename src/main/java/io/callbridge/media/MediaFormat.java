package io.callbridge.media;

import io.callbridge.stream.Protocol;

/**
 * The audio format of a call's externalMedia leg: what Asterisk sends and expects. Inside the app slin is
 * signed 16-bit big-endian (network order, as in the RTP payload); the raw protocol swaps at the agent edge.
 * Over RTP only static payload types survive the trip back into Asterisk (see {@link Resampler}), so
 * SLIN16 and SLIN24 travel only over the WebSocket leg ({@link AsteriskMediaSocket}), which has no payload
 * types and swaps to Asterisk's little-endian at its own edge.
 */
public enum MediaFormat {
    ULAW("ulaw", 8000, 1, (byte) 0xFF, 0),
    SLIN("slin", 8000, 2, (byte) 0, 10),
    /** WebSocket leg only (no RTP payload type Asterisk would take back). */
    SLIN16("slin16", 16000, 2, (byte) 0, -1),
    /** WebSocket leg only. */
    SLIN24("slin24", 24000, 2, (byte) 0, -1);

    /** The {@code format} argument of ARI externalMedia. */
    public final String asteriskName;
    public final int sampleRate;
    public final int bytesPerSample;
    /** The byte that encodes silence (mu-law 0xFF is zero amplitude). */
    public final byte silence;
    /** Payload type sent until Asterisk's own packets tell us the one it uses. */
    public final int defaultPayloadType;

    MediaFormat(String asteriskName, int sampleRate, int bytesPerSample, byte silence, int defaultPayloadType) {
        this.asteriskName = asteriskName;
        this.sampleRate = sampleRate;
        this.bytesPerSample = bytesPerSample;
        this.silence = silence;
        this.defaultPayloadType = defaultPayloadType;
    }

    /** Samples in one 20 ms frame (the RTP timestamp step). */
    public int samplesPerFrame() {
        return sampleRate / 50;
    }

    public int frameBytes() {
        return samplesPerFrame() * bytesPerSample;
    }

    /** The RTP leg format for a protocol; raw at 16 or 24 kHz is converted at the agent edge. */
    public static MediaFormat of(Protocol protocol) {
        return protocol == Protocol.TWILIO ? ULAW : SLIN;
    }

    /** 16-bit linear PCM at {@code sampleRate} (8, 16 or 24 kHz). */
    public static MediaFormat slinAt(int sampleRate) {
        return switch (sampleRate) {
            case 8000 -> SLIN;
            case 16000 -> SLIN16;
            case 24000 -> SLIN24;
            default -> throw new IllegalArgumentException("no slin format at " + sampleRate + " Hz");
        };
    }
}
