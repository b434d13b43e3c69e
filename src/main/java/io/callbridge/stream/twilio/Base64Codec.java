package io.callbridge.stream.twilio;

/**
 * Standard base64 (RFC 4648 section 4) for the per-frame {@code media} payloads, working on array ranges
 * so that neither direction needs a scratch copy or a String. {@link java.util.Base64} only takes whole
 * arrays or allocates its result.
 *
 * <p>{@link #decodedLength} accepts only what {@code Base64.getDecoder()} accepts and decodes to the same
 * bytes; it may refuse some input the JDK would take (the caller then goes the JDK's way), never the other
 * way round.
 */
final class Base64Codec {

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int[] VALUES = new int[128];

    static {
        java.util.Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET[i]] = i;
    }

    private Base64Codec() {
    }

    /** Characters of the padded encoding of {@code length} bytes. */
    static int encodedLength(int length) {
        return 4 * ((length + 2) / 3);
    }

    /** Writes the padded encoding of {@code src[offset, offset+length)} at {@code dst[at]}; returns the end. */
    static int encode(byte[] src, int offset, int length, byte[] dst, int at) {
        int end = offset + length;
        int i = offset;
        for (; i + 3 <= end; i += 3) {
            int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
            dst[at++] = ALPHABET[bits >>> 18];
            dst[at++] = ALPHABET[(bits >>> 12) & 0x3F];
            dst[at++] = ALPHABET[(bits >>> 6) & 0x3F];
            dst[at++] = ALPHABET[bits & 0x3F];
        }
        int rest = end - i;
        if (rest > 0) {
            int bits = (src[i] & 0xFF) << 16 | (rest == 2 ? (src[i + 1] & 0xFF) << 8 : 0);
            dst[at++] = ALPHABET[bits >>> 18];
            dst[at++] = ALPHABET[(bits >>> 12) & 0x3F];
            dst[at++] = rest == 2 ? ALPHABET[(bits >>> 6) & 0x3F] : (byte) '=';
            dst[at++] = '=';
        }
        return at;
    }

    /**
     * The number of bytes {@code chars[offset, offset+length)} decode to, or -1 when the text is not plain
     * base64: only alphabet characters, then at most two {@code =} that complete the last group of four
     * (or no padding, with a last group of two or three characters, as the JDK's decoder allows).
     */
    static int decodedLength(char[] chars, int offset, int length) {
        int pad = 0;
        if (length > 0 && chars[offset + length - 1] == '=') pad++;
        if (length > 1 && chars[offset + length - 2] == '=') pad++;
        if (pad > 0 && length % 4 != 0) return -1;
        int data = length - pad;
        for (int i = offset, end = offset + data; i < end; i++) {
            char c = chars[i];
            if (c >= 128 || VALUES[c] < 0) return -1;
        }
        int rest = data % 4;
        if (rest == 1) return -1;
        return data / 4 * 3 + (rest == 0 ? 0 : rest - 1);
    }

    /** Decodes text that {@link #decodedLength} accepted into {@code dst}, from index 0. */
    static void decode(char[] chars, int offset, int length, byte[] dst) {
        while (length > 0 && chars[offset + length - 1] == '=') length--;
        int end = offset + length;
        int i = offset;
        int at = 0;
        for (; i + 4 <= end; i += 4) {
            int bits = VALUES[chars[i]] << 18 | VALUES[chars[i + 1]] << 12 | VALUES[chars[i + 2]] << 6 | VALUES[chars[i + 3]];
            dst[at++] = (byte) (bits >>> 16);
            dst[at++] = (byte) (bits >>> 8);
            dst[at++] = (byte) bits;
        }
        int rest = end - i;
        if (rest >= 2) {
            int bits = VALUES[chars[i]] << 18 | VALUES[chars[i + 1]] << 12 | (rest == 3 ? VALUES[chars[i + 2]] << 6 : 0);
            dst[at++] = (byte) (bits >>> 16);
            if (rest == 3) dst[at] = (byte) (bits >>> 8);
        }
    }
}
