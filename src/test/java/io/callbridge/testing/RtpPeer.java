package io.callbridge.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * The caller's media for tests whose SIP side is sipp ({@code uac-rtp-peer.xml}): one UDP socket on loopback
 * that plays a {@link Script} of RTP packets, one every 20 ms by the media clock, to Asterisk and records
 * every RTP packet Asterisk sends back. Sending and receiving on the one socket keeps Asterisk's symmetric
 * RTP pointed at it.
 */
public final class RtpPeer implements AutoCloseable {

    /** G.711 mu-law's static payload type (RFC 3551). */
    public static final int PCMU = 0;
    /** Samples of one 20 ms packet at 8 kHz. */
    public static final int SAMPLES_PER_PACKET = 160;

    /** A received RTP packet: its header fields and payload. */
    public record Packet(int payloadType, boolean marker, int sequence, long timestamp, byte[] payload) {
    }

    private final DatagramSocket socket;
    private final List<Packet> received = new CopyOnWriteArrayList<>();
    private final Thread reader;

    public RtpPeer() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
        reader = Thread.ofPlatform().daemon().name("rtp-peer-" + port()).start(this::read);
    }

    /** The local port: what the caller's SDP offers. */
    public int port() {
        return socket.getLocalPort();
    }

    /** Every RTP packet received so far, in arrival order. */
    public List<Packet> received() {
        return List.copyOf(received);
    }

    /**
     * Sends {@code script}'s packets to {@code port} on loopback, one every 20 ms from now, on a thread of its
     * own; the future completes after the last one.
     */
    public CompletableFuture<Void> play(Script script, int port) {
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        List<byte[]> packets = List.copyOf(script.packets);
        return CompletableFuture.runAsync(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < packets.size(); i++) {
                long due = start + i * 20_000_000L;
                for (long left; (left = due - System.nanoTime()) > 0; ) LockSupport.parkNanos(left);
                byte[] p = packets.get(i);
                try {
                    socket.send(new DatagramPacket(p, p.length, to));
                } catch (IOException e) {
                    throw new IllegalStateException("sending RTP failed", e);
                }
            }
        }, runnable -> Thread.ofPlatform().daemon().name("rtp-peer-send").start(runnable));
    }

    private void read() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(datagram);
            } catch (IOException e) {
                return; // closed
            }
            if (datagram.getLength() < 12 || (buffer[0] & 0xC0) != 0x80) continue; // not RTP version 2
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, datagram.getLength());
            int headerLength = 12 + 4 * (buffer[0] & 0x0F);
            if (datagram.getLength() < headerLength) continue;
            received.add(new Packet(buffer[1] & 0x7F, (buffer[1] & 0x80) != 0, b.getShort(2) & 0xFFFF,
                    b.getInt(4) & 0xFFFFFFFFL, Arrays.copyOfRange(buffer, headerLength, datagram.getLength())));
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A caller's RTP stream, built step by step: one packet per 20 ms step, with one SSRC, sequence numbers
     * that go up by one and an 8 kHz timestamp that follows the steps. Audio is PCMU.
     */
    public static final class Script {
        private final List<byte[]> packets = new ArrayList<>();
        private final int ssrc = 0x5EED0001;
        private int sequence = 1000;
        private long step;

        private long clock() {
            return 80_000 + step * SAMPLES_PER_PACKET;
        }

        /** How long the stream plays. */
        public int durationMillis() {
            return (int) step * 20;
        }

        /** Where the next packet's audio starts, in samples from the stream's start. */
        public long samplePosition() {
            return step * SAMPLES_PER_PACKET;
        }

        /** {@code millis} (a multiple of 20) of PCMU audio: {@code sample(i)} gives the i-th sample from the stream's start. */
        public Script audio(int millis, java.util.function.LongToIntFunction sample) {
            for (int n = 0; n < millis / 20; n++) {
                short[] pcm = new short[SAMPLES_PER_PACKET];
                for (int i = 0; i < pcm.length; i++) pcm[i] = (short) sample.applyAsInt(samplePosition() + i);
                add(PCMU, false, clock(), Audio.toUlaw(pcm));
                step++;
            }
            return this;
        }

        /** {@code millis} of silence. */
        public Script silence(int millis) {
            return audio(millis, i -> 0);
        }

        /**
         * One RFC 4733 event of {@code millis} (a multiple of 20) at payload type {@code payloadType}: an update
         * every 20 ms, all with the timestamp of the event's start and a growing duration (the first one with the
         * marker bit when {@code marker}), then the end packet three times in the following steps (RFC 4733
         * section 2.5.1.4), each with a sequence number of its own.
         */
        public Script event(int payloadType, char digit, int millis, boolean marker) {
            long start = clock();
            int updates = millis / 20;
            for (int n = 0; n < updates; n++) {
                add(payloadType, marker && n == 0, start, eventPayload(digit, false, (n + 1) * SAMPLES_PER_PACKET));
                step++;
            }
            for (int n = 0; n < 3; n++) {
                add(payloadType, false, start, eventPayload(digit, true, updates * SAMPLES_PER_PACKET));
                step++;
            }
            return this;
        }

        private void add(int payloadType, boolean marker, long timestamp, byte[] payload) {
            ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
            b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | payloadType)).putShort((short) sequence++)
                    .putInt((int) timestamp).putInt(ssrc).put(payload);
            packets.add(b.array());
        }

        /** RFC 4733 section 2.3: event, E bit and volume (10, i.e. -10 dBm0), duration in samples. */
        private static byte[] eventPayload(char digit, boolean end, int duration) {
            return ByteBuffer.allocate(4).put((byte) Dtmf.eventCode(digit)).put((byte) ((end ? 0x80 : 0) | 10))
                    .putShort((short) duration).array();
        }
    }
}
