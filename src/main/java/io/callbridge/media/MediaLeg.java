package io.callbridge.media;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One call's media with Asterisk's externalMedia channel: caller audio in (with quality stats), and agent
 * audio out, one frame per clock tick from the playout queue (silence when the queue is empty). Over RTP
 * (the app's UDP socket, continuous sequence numbers and timestamps), or over a chan_websocket
 * {@link AsteriskMediaSocket} for wideband audio ({@link #overWebSocket}). Either way the leg's audio is
 * big-endian inside the app, so the agent protocols see one format whichever way the audio travels.
 */
public final class MediaLeg {

    /** Who hears about the leg's media. Called on the RTP reader and clock threads: must not block. */
    public interface Listener {
        /** One packet's payload; valid only during the call (the buffer is reused). */
        void callerAudio(byte[] buffer, int offset, int length);

        void marksPlayed(List<String> names);
    }

    private static final int RTP_HEADER = 12;

    private final MediaFormat format;
    private final InetSocketAddress asterisk;
    private final PlayoutQueue queue;
    private final RtpStats inbound;
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private final byte[] frame;
    private final ByteBuffer packet;
    private final byte[] inFrame; // caller audio re-framed to 20 ms: Asterisk forwards the caller's ptime
    private int inFill;
    private final Resampler toAgent; // null when the agent's rate is the leg's
    private final Resampler fromAgent;
    private volatile Listener listener;
    private volatile int payloadType = -1;
    private int seq = ThreadLocalRandom.current().nextInt(0x10000);
    private int timestamp = ThreadLocalRandom.current().nextInt();
    private volatile long packetsOut;
    private volatile long bytesOut;
    private volatile long ignoredIn;
    private volatile AsteriskMediaSocket socket; // null on an RTP leg
    private int socketSeq; // the socket's messages numbered for the quality stats (its event loop only)
    private long socketTimestamp;
    /** On hold: nothing is sent or forwarded; see {@link #hold}. */
    private volatile boolean held;
    private boolean resumed; // the first packet after a hold carries the RTP marker bit (RFC 3551 section 4.1)

    public MediaLeg(MediaFormat format, InetSocketAddress asterisk, double playoutSeconds) {
        this(format, format.sampleRate, asterisk, playoutSeconds);
    }

    /** A leg whose agent speaks at {@code agentRate}, a multiple of the leg's rate (raw at 16/24 kHz). */
    public MediaLeg(MediaFormat format, int agentRate, InetSocketAddress asterisk, double playoutSeconds) {
        if (agentRate % format.sampleRate != 0 || (agentRate != format.sampleRate && format != MediaFormat.SLIN)) {
            throw new IllegalArgumentException(format + " cannot carry audio at " + agentRate + " Hz");
        }
        int factor = agentRate / format.sampleRate;
        this.toAgent = factor == 1 ? null : Resampler.up(factor);
        this.fromAgent = factor == 1 ? null : Resampler.down(factor);
        this.format = format;
        this.asterisk = asterisk;
        this.queue = new PlayoutQueue(format, playoutSeconds);
        this.inbound = new RtpStats(format.sampleRate);
        this.frame = new byte[format.frameBytes()];
        this.inFrame = new byte[format.frameBytes()];
        // Direct: the socket sends from it as it is (a heap buffer is first copied into a direct one).
        this.packet = ByteBuffer.allocateDirect(RTP_HEADER + frame.length);
    }

    /**
     * A leg whose audio travels over a chan_websocket socket, at the agent's own rate ({@link MediaFormat#SLIN16}
     * or {@link MediaFormat#SLIN24}): no resampling in the app. The socket is attached when it opens.
     */
    public static MediaLeg overWebSocket(MediaFormat format, double playoutSeconds) {
        return new MediaLeg(format, format.sampleRate, null, playoutSeconds);
    }

    void attach(AsteriskMediaSocket socket) {
        this.socket = socket;
    }

    /** The leg's media socket; null on an RTP leg. */
    public AsteriskMediaSocket socket() {
        return socket;
    }

    public void listen(Listener listener) {
        this.listener = listener;
    }

    public MediaFormat format() {
        return format;
    }

    /** Where Asterisk's RTP end is; null on a WebSocket leg. */
    public InetSocketAddress asterisk() {
        return asterisk;
    }

    // ---- agent → caller

    /** Agent audio at the agent's rate, in the leg's sample encoding. Called from one thread at a time. */
    public void play(byte[] audio) {
        queue.add(fromAgent == null ? audio : fromAgent.process(audio, 0, audio.length));
    }

    /** Queues a mark behind the audio; false when the queue already holds its most marks and drops it. */
    public boolean mark(String name) {
        return queue.mark(name);
    }

    public void clear() {
        queue.clear();
    }

    /**
     * Holds or resumes the leg, at once. While held no caller audio reaches the listener (packets still count in
     * the quality figures), and nothing is sent to Asterisk: the playout queue keeps what the agent sends
     * (bounded as always; {@code clear} works) and plays it from the first tick after {@code hold(false)}, so
     * marks are echoed only once their audio has really been played. RTP timestamps go on advancing with the
     * clock, so the stream after the hold is continuous in sequence numbers and marked (M bit) as a talkspurt.
     */
    public void hold(boolean held) {
        this.held = held;
    }

    public boolean held() {
        return held;
    }

    /** One 20 ms tick of the playout clock: send the next frame, then report the marks it completed. */
    void tick(RtpEndpoint out) {
        if (held) {
            timestamp += format.samplesPerFrame(); // media time goes on; nothing is sent or taken from the queue
            resumed = true;
            return;
        }
        List<String> played = queue.nextFrame(frame);
        AsteriskMediaSocket ws = socket;
        if (ws != null) ws.send(frame);
        else if (asterisk != null) sendRtp(out);
        packetsOut++;
        bytesOut += frame.length;
        Listener l = listener;
        if (!played.isEmpty() && l != null) l.marksPlayed(played);
    }

    private void sendRtp(RtpEndpoint out) {
        int pt = payloadType >= 0 ? payloadType : format.defaultPayloadType;
        if (resumed) {
            pt |= 0x80;
            resumed = false;
        }
        packet.clear();
        packet.put((byte) 0x80).put((byte) pt).putShort((short) seq).putInt(timestamp).putInt(ssrc).put(frame);
        packet.flip();
        out.send(packet, asterisk);
        seq = (seq + 1) & 0xFFFF;
        timestamp += format.samplesPerFrame();
    }

    // ---- caller → agent

    /** A datagram from Asterisk for this leg (RTP reader thread). */
    void received(byte[] data, int length, long arrivalNanos) {
        if (length < RTP_HEADER || (data[0] & 0xC0) != 0x80) {
            ignoredIn++;
            return;
        }
        int pt = data[1] & 0x7F;
        int headerLength = RTP_HEADER + 4 * (data[0] & 0x0F);
        if ((data[0] & 0x10) != 0) { // header extension
            if (length < headerLength + 4) {
                ignoredIn++;
                return;
            }
            headerLength += 4 + 4 * (((data[headerLength + 2] & 0xFF) << 8) | (data[headerLength + 3] & 0xFF));
        }
        int seqNo = ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        int payloadLength = length - headerLength;
        if ((data[0] & 0x20) != 0 && payloadLength > 0) payloadLength -= data[length - 1] & 0xFF; // padding
        if (payloadLength <= 0) {
            inbound.receivedOther(seqNo);
            ignoredIn++;
            return;
        }
        if (payloadType < 0 && payloadLength >= format.frameBytes() / 2) payloadType = pt; // learn Asterisk's audio PT
        if (pt != payloadType) {
            // telephone-event, comfort noise: DTMF reaches us over ARI instead, but these packets take
            // sequence numbers of the same stream (RFC 4733 section 2.1), so loss must see them.
            inbound.receivedOther(seqNo);
            ignoredIn++;
            return;
        }
        long ts = ((long) (data[4] & 0xFF) << 24) | ((data[5] & 0xFF) << 16) | ((data[6] & 0xFF) << 8) | (data[7] & 0xFF);
        inbound.received(seqNo, ts, payloadLength, arrivalNanos);
        Listener l = listener;
        if (l == null || held) return;
        if (inFill == 0 && payloadLength == inFrame.length && toAgent == null) { // the common case
            l.callerAudio(data, headerLength, payloadLength);
            return;
        }
        int offset = headerLength;
        int remaining = payloadLength;
        while (remaining > 0) {
            int n = Math.min(remaining, inFrame.length - inFill);
            System.arraycopy(data, offset, inFrame, inFill, n);
            inFill += n;
            offset += n;
            remaining -= n;
            if (inFill == inFrame.length) {
                if (toAgent == null) {
                    l.callerAudio(inFrame, 0, inFrame.length);
                } else {
                    byte[] wide = toAgent.process(inFrame, 0, inFrame.length);
                    l.callerAudio(wide, 0, wide.length);
                }
                inFill = 0;
            }
        }
    }

    /**
     * Little-endian PCM from the leg's media socket (its event loop), cut anywhere: re-framed to 20 ms and
     * swapped to the leg's big-endian. Each message counts as a packet in the quality stats (numbered here:
     * TCP loses nothing, so jitter is what they show).
     */
    void receivedPcm(byte[] data, int offset, int length, long arrivalNanos) {
        inbound.received(socketSeq, socketTimestamp, length, arrivalNanos);
        socketSeq = (socketSeq + 1) & 0xFFFF;
        socketTimestamp += length / format.bytesPerSample;
        Listener l = listener;
        if (l == null || held) return;
        while (length > 0) {
            int n = Math.min(length, inFrame.length - inFill);
            System.arraycopy(data, offset, inFrame, inFill, n);
            inFill += n;
            offset += n;
            length -= n;
            if (inFill == inFrame.length) {
                for (int i = 0; i < inFrame.length; i += 2) {
                    byte b = inFrame[i];
                    inFrame[i] = inFrame[i + 1];
                    inFrame[i + 1] = b;
                }
                l.callerAudio(inFrame, 0, inFrame.length);
                inFill = 0;
            }
        }
    }

    public MediaQuality quality() {
        return new MediaQuality(inbound.packets(), inbound.bytes(), packetsOut, bytesOut, inbound.lost(),
                inbound.outOfOrder(), inbound.jitterMillis(), queue.framesDropped() + refusedBySocket());
    }

    /** Frames the media socket could not send (Asterisk's queue full): dropped like an overflowing queue's. */
    private long refusedBySocket() {
        AsteriskMediaSocket ws = socket;
        return ws == null ? 0 : ws.framesRefused();
    }
}
