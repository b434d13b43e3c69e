package io.callbridge.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Cuts classic (microsecond) pcap files of one RTP stream, as sipp's samples are, for callers' audio. */
public final class Pcaps {

    private Pcaps() {
    }

    /**
     * Writes packets {@code from} to {@code from + count - 1} of {@code in} to {@code out}, with capture times
     * moved so that the first one is at the file's original start (sipp plays a pcap by its capture times).
     * The RTP headers are untouched: played after the packets before {@code from}, the stream goes on.
     */
    public static void slice(Path in, int from, int count, Path out) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(Files.readAllBytes(in)).order(ByteOrder.LITTLE_ENDIAN);
        if (src.getInt(0) != 0xA1B2C3D4) src.order(ByteOrder.BIG_ENDIAN);
        if (src.getInt(0) != 0xA1B2C3D4) throw new IOException("not a microsecond pcap: " + in);
        ByteBuffer dst = ByteBuffer.allocate(src.capacity()).order(src.order());
        dst.put(src.array(), 0, 24);
        int offset = 24;
        int index = 0;
        long firstMicros = -1;
        long shift = 0;
        while (offset + 16 <= src.capacity() && index < from + count) {
            int length = src.getInt(offset + 8);
            long micros = src.getInt(offset) * 1_000_000L + src.getInt(offset + 4);
            if (firstMicros < 0) firstMicros = micros;
            if (index == from) shift = micros - firstMicros;
            if (index >= from) {
                long at = micros - shift;
                dst.putInt((int) (at / 1_000_000)).putInt((int) (at % 1_000_000));
                dst.put(src.array(), offset + 8, 8 + length);
            }
            offset += 16 + length;
            index++;
        }
        if (index < from + count) throw new IOException(in + " has only " + index + " packets");
        Files.write(out, java.util.Arrays.copyOf(dst.array(), dst.position()));
    }

    /**
     * Writes {@code in} to {@code out} without every {@code n}th packet (the {@code n}th, {@code 2n}th …): a caller
     * whose network loses exactly 1 in {@code n} of its RTP packets. The others keep their RTP headers and capture
     * times, so the receiver sees the gaps in the sequence numbers. Returns how many packets were left out.
     */
    public static int dropEvery(Path in, int n, Path out) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(Files.readAllBytes(in)).order(ByteOrder.LITTLE_ENDIAN);
        if (src.getInt(0) != 0xA1B2C3D4) src.order(ByteOrder.BIG_ENDIAN);
        if (src.getInt(0) != 0xA1B2C3D4) throw new IOException("not a microsecond pcap: " + in);
        ByteBuffer dst = ByteBuffer.allocate(src.capacity()).order(src.order());
        dst.put(src.array(), 0, 24);
        int offset = 24;
        int index = 0;
        int dropped = 0;
        while (offset + 16 <= src.capacity()) {
            int length = src.getInt(offset + 8);
            index++;
            if (index % n == 0) dropped++;
            else dst.put(src.array(), offset, 16 + length);
            offset += 16 + length;
        }
        Files.write(out, java.util.Arrays.copyOf(dst.array(), dst.position()));
        return dropped;
    }
}
