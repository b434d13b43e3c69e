package io.callbridge.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes a long caller for the full-stack bench: repeats the one RTP stream of a pcap (sipp's 7 s
 * g711a.pcap) for at least the given seconds, as one continuous stream (sequence numbers, RTP timestamps
 * and capture times carry on across repetitions), so that sipp's {@code play_pcap_audio} talks for the
 * whole call. Asterisk only sends an externalMedia channel audio while the caller talks.
 *
 * <p>Usage: {@code PcapLoop IN OUT SECONDS}. Classic pcap (microsecond, either byte order), Ethernet +
 * IPv4 + UDP + RTP, as sipp's samples are.
 */
public final class PcapLoop {

    private PcapLoop() {
    }

    public static void main(String[] args) throws IOException {
        byte[] in = Files.readAllBytes(Path.of(args[0]));
        double seconds = Double.parseDouble(args[2]);
        ByteBuffer src = ByteBuffer.wrap(in);
        int magic = src.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xA1B2C3D4) src.order(ByteOrder.BIG_ENDIAN);
        if (src.getInt(0) != 0xA1B2C3D4) throw new IOException("not a microsecond pcap: " + args[0]);

        // One pass to learn the stream: its packets, how long it lasts and the RTP timestamp step.
        java.util.List<int[]> packets = new java.util.ArrayList<>(); // offset, length
        int off = 24;
        while (off + 16 <= in.length) {
            int caplen = src.getInt(off + 8);
            packets.add(new int[] {off, caplen});
            off += 16 + caplen;
        }
        if (packets.size() < 2) throw new IOException("too few packets in " + args[0]);
        long firstUs = micros(src, packets.get(0)[0]);
        long lastUs = micros(src, packets.get(packets.size() - 1)[0]);
        int rtp = 14 + 20 + 8; // Ethernet, IPv4 without options, UDP
        long ts0 = src.duplicate().order(ByteOrder.BIG_ENDIAN).getInt(packets.get(0)[0] + 16 + rtp + 4) & 0xFFFFFFFFL;
        long ts1 = src.duplicate().order(ByteOrder.BIG_ENDIAN).getInt(packets.get(1)[0] + 16 + rtp + 4) & 0xFFFFFFFFL;
        long tsStep = ts1 - ts0;
        long periodUs = (lastUs - firstUs) * packets.size() / (packets.size() - 1); // one packet interval longer
        int count = packets.size();
        int repeats = (int) Math.ceil(seconds * 1e6 / periodUs);

        ByteBuffer out = ByteBuffer.allocate(24 + in.length * repeats).order(src.order());
        out.put(in, 0, 24);
        for (int r = 0; r < repeats; r++) {
            for (int[] p : packets) {
                int start = out.position();
                out.put(in, p[0], 16 + p[1]);
                long us = micros(src, p[0]) + r * periodUs;
                out.putInt(start, (int) (us / 1_000_000));
                out.putInt(start + 4, (int) (us % 1_000_000));
                ByteBuffer net = out.duplicate().order(ByteOrder.BIG_ENDIAN);
                int h = start + 16 + rtp;
                net.putShort(h + 2, (short) ((net.getShort(h + 2) & 0xFFFF) + r * count));
                net.putInt(h + 4, (int) ((net.getInt(h + 4) & 0xFFFFFFFFL) + r * count * tsStep));
                net.putShort(start + 16 + 14 + 20 + 6, (short) 0); // UDP checksum: none (allowed on IPv4)
            }
        }
        Files.write(Path.of(args[1]), java.util.Arrays.copyOf(out.array(), out.position()));
        System.out.printf("%s: %d packets, %.1f s%n", args[1], count * repeats, repeats * periodUs / 1e6);
    }

    private static long micros(ByteBuffer b, int recordOffset) {
        return (b.getInt(recordOffset) & 0xFFFFFFFFL) * 1_000_000L + (b.getInt(recordOffset + 4) & 0xFFFFFFFFL);
    }
}
