package io.callbridge.stream.raw;

/**
 * Swaps 16-bit PCM between big-endian (Asterisk's slin) and little-endian (what agents expect, and
 * pcm_s16le on the wire). The swap is its own inverse, so one class serves both directions.
 */
final class PcmSwap {

    private static final int NONE = -1;

    /** The first byte of a sample whose second byte has not arrived yet, or {@link #NONE}. */
    private int carry = NONE;

    /**
     * One self-contained frame (an RTP payload starts and ends on a sample): whole samples only. An odd
     * trailing byte cannot be a sample and is left out rather than shifting the next frame.
     */
    static byte[] swapFrame(byte[] source, int offset, int length) {
        byte[] out = new byte[length & ~1];
        for (int i = 0; i < out.length; i += 2) {
            out[i] = source[offset + i + 1];
            out[i + 1] = source[offset + i];
        }
        return out;
    }

    /**
     * One chunk of a continuous byte stream (an agent may cut its audio anywhere): a byte left over from
     * the previous chunk leads, and an odd last byte waits for the next chunk so samples stay aligned.
     */
    byte[] swapStream(byte[] chunk) {
        int total = chunk.length + (carry == NONE ? 0 : 1);
        byte[] out = new byte[total & ~1];
        int in = 0;
        int at = 0;
        if (carry != NONE && out.length > 0) {
            out[0] = chunk[0];
            out[1] = (byte) carry;
            carry = NONE;
            in = 1;
            at = 2;
        }
        for (; at < out.length; at += 2, in += 2) {
            out[at] = chunk[in + 1];
            out[at + 1] = chunk[in];
        }
        if (in < chunk.length) carry = chunk[in] & 0xff;
        return out;
    }

    /** Forgets a half sample, e.g. when the agent clears its audio and starts afresh. */
    void reset() {
        carry = NONE;
    }
}
