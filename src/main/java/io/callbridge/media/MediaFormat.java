package io.callbridge.media;

import io.callbridge.stream.Protocol;

/**
 * The audio format of a call's externalMedia leg: what Asterisk sends and expects in the RTP payload.
 * slin is signed 16-bit big-endian (network order); the raw protocol swaps at the agent edge. Only static
 * payload types survive the trip back into Asterisk (see {@link Resampler}), hence no slin16/slin24 here.
 */
public enum MediaFormat {
    ULAW("ulaw", 8000, 1, (byte) 0xFF, 0),
    SLIN("slin", 8000, 2, (byte) 0, 10);

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

    /** The leg format for a protocol; raw at 16 or 24 kHz is converted at the agent edge. */
    public static MediaFormat of(Protocol protocol) {
        return protocol == Protocol.TWILIO ? ULAW : SLIN;
    }
}
