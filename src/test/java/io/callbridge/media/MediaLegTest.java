package io.callbridge.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A leg on a real UDP socket, with a socket of the test standing in for Asterisk's externalMedia end. */
class MediaLegTest {

    private RtpEndpoint endpoint;
    private DatagramSocket asterisk;
    private MediaLeg leg;
    private final List<byte[]> heard = new CopyOnWriteArrayList<>();
    private final List<String> marks = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        endpoint = new RtpEndpoint(new TestMediaConfig(0));
        endpoint.open();
        asterisk = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        asterisk.setSoTimeout(2000);
        leg = new MediaLeg(MediaFormat.ULAW, (InetSocketAddress) asterisk.getLocalSocketAddress(), 5);
        leg.listen(new MediaLeg.Listener() {
            @Override
            public void callerAudio(byte[] buffer, int offset, int length) {
                byte[] copy = new byte[length];
                System.arraycopy(buffer, offset, copy, 0, length);
                heard.add(copy);
            }

            @Override
            public void marksPlayed(List<String> names) {
                marks.addAll(names);
            }
        });
        endpoint.register(leg);
    }

    @AfterEach
    void tearDown() {
        endpoint.stop(null);
        asterisk.close();
    }

    private void sendRtp(int pt, int seq, long ts, byte[] payload) throws Exception {
        byte[] p = new byte[12 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = (byte) pt;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[4] = (byte) (ts >> 24);
        p[5] = (byte) (ts >> 16);
        p[6] = (byte) (ts >> 8);
        p[7] = (byte) ts;
        System.arraycopy(payload, 0, p, 12, payload.length);
        asterisk.send(new DatagramPacket(p, p.length, endpoint.localAddress()));
    }

    @Test
    void callerAudioReachesTheListenerAndTelephoneEventsDoNot() throws Exception {
        byte[] audio = new byte[160];
        for (int i = 0; i < 160; i++) audio[i] = (byte) i;
        sendRtp(0, 1, 0, audio);
        sendRtp(101, 2, 160, new byte[] {5, 0, 0, (byte) 160}); // RFC 4733 event: DTMF comes over ARI
        sendRtp(0, 3, 320, audio);
        long deadline = System.currentTimeMillis() + 2000;
        while (heard.size() < 2 && System.currentTimeMillis() < deadline) Thread.sleep(10);
        Thread.sleep(50);
        assertEquals(2, heard.size());
        assertArrayEquals(audio, heard.get(0));
        MediaQuality q = leg.quality();
        assertEquals(2, q.packetsIn());
        assertEquals(0, q.packetsLost(), "seq 2 was a telephone-event of the same stream: nothing is lost");
    }

    @Test
    void telephoneEventsFillTheirSequenceNumbersAndARealGapIsStillLoss() throws Exception {
        byte[] audio = new byte[160];
        int seq = 100;
        for (int digit = 0; digit < 3; digit++) {
            sendRtp(0, seq++, 160L * seq, audio);
            // one digit as Asterisk sends it: event packets with the event's start timestamp, end sent 3 times
            for (int i = 0; i < 21; i++) sendRtp(101, seq++, 160L * 100 * digit, new byte[] {1, 0, 0, (byte) (i * 8)});
        }
        seq++; // one audio packet really lost
        sendRtp(0, seq, 160L * seq, audio);
        long deadline = System.currentTimeMillis() + 2000;
        while (leg.quality().packetsIn() < 4 && System.currentTimeMillis() < deadline) Thread.sleep(10);
        MediaQuality q = leg.quality();
        assertEquals(4, q.packetsIn(), "audio packets only");
        assertEquals(1, q.packetsLost(), "63 event packets are not loss; the one missing sequence number is");
    }

    @Test
    void callerAudioInOtherPtimesReachesTheAgentIn20msFrames() throws Exception {
        byte[] audio30ms = new byte[240];
        for (int i = 0; i < 240; i++) audio30ms[i] = (byte) i;
        sendRtp(0, 1, 0, audio30ms);
        sendRtp(0, 2, 240, audio30ms);
        long deadline = System.currentTimeMillis() + 2000;
        while (heard.size() < 3 && System.currentTimeMillis() < deadline) Thread.sleep(10);
        assertEquals(3, heard.size(), "60 ms of audio is three 20 ms frames");
        for (byte[] f : heard) assertEquals(160, f.length);
        assertEquals((byte) 160, heard.get(1)[0]);
        assertEquals((byte) 80, heard.get(2)[0], "the third frame starts 80 bytes into the second packet");
    }

    @Test
    void ticksSendContinuousRtpFromTheSharedSocketWithAgentAudioThenSilence() throws Exception {
        leg.play(new byte[] {1, 2, 3});
        leg.mark("m");
        List<DatagramPacket> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leg.tick(endpoint);
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            asterisk.receive(p);
            got.add(p);
            if (i == 0) assertEquals(List.of("m"), marks, "the mark is reported with the frame that carried its audio");
        }
        int seq0 = ((got.get(0).getData()[2] & 0xFF) << 8) | (got.get(0).getData()[3] & 0xFF);
        for (int i = 0; i < 3; i++) {
            byte[] d = got.get(i).getData();
            assertEquals(172, got.get(i).getLength());
            assertEquals(endpoint.localAddress().getPort(), got.get(i).getPort(), "sent from the receiving socket");
            assertEquals((seq0 + i) & 0xFFFF, ((d[2] & 0xFF) << 8) | (d[3] & 0xFF));
        }
        long ts0 = ts(got.get(0).getData());
        assertEquals(160, ts(got.get(1).getData()) - ts0);
        assertEquals(320, ts(got.get(2).getData()) - ts0);
        byte[] first = got.get(0).getData();
        assertEquals(1, first[12]);
        assertEquals(3, first[14]);
        assertEquals((byte) 0xFF, first[15], "the rest of the frame is silence");
        assertTrue(leg.quality().packetsOut() == 3 && leg.quality().bytesOut() == 480);
    }

    @Test
    void aHeldLegSendsNothingKeepsTheAgentsAudioAndResumesAsANewTalkspurt() throws Exception {
        leg.tick(endpoint);
        DatagramPacket before = new DatagramPacket(new byte[2048], 2048);
        asterisk.receive(before);

        leg.hold(true);
        leg.play(new byte[] {7, 7, 7});
        leg.mark("on-hold");
        for (int i = 0; i < 5; i++) leg.tick(endpoint);
        byte[] audio = new byte[160];
        sendRtp(0, 1, 0, audio);
        asterisk.setSoTimeout(200);
        assertThrows(java.net.SocketTimeoutException.class, () -> asterisk.receive(new DatagramPacket(new byte[2048], 2048)),
                "nothing is sent while held");
        assertTrue(marks.isEmpty(), "the mark waits with its audio");

        leg.hold(false);
        leg.tick(endpoint);
        DatagramPacket after = new DatagramPacket(new byte[2048], 2048);
        asterisk.receive(after);
        byte[] d = after.getData();
        assertEquals(7, d[12], "the agent's audio from the hold plays first");
        assertEquals(List.of("on-hold"), marks);
        assertEquals(0x80, d[1] & 0x80, "marker bit: a new talkspurt");
        int seqBefore = ((before.getData()[2] & 0xFF) << 8) | (before.getData()[3] & 0xFF);
        assertEquals((seqBefore + 1) & 0xFFFF, ((d[2] & 0xFF) << 8) | (d[3] & 0xFF), "sequence numbers go on");
        assertEquals(6 * 160, ts(d) - ts(before.getData()), "timestamps advanced with the clock through the hold");
        assertTrue(heard.isEmpty(), "caller audio during the hold never reached the agent");
        assertEquals(1, leg.quality().packetsIn(), "but counts in the quality figures");
    }

    private static long ts(byte[] d) {
        return ((long) (d[4] & 0xFF) << 24) | ((d[5] & 0xFF) << 16) | ((d[6] & 0xFF) << 8) | (d[7] & 0xFF);
    }

    /** Plain config for a socket on any free port. */
    record TestMediaConfig(int rtpPort) implements MediaConfig {
        @Override
        public String rtpHost() {
            return "127.0.0.1";
        }

        @Override
        public java.time.Duration playoutBuffer() {
            return java.time.Duration.ofSeconds(5);
        }

        @Override
        public boolean widebandWebsocket() {
            return true;
        }
    }
}
