package io.callbridge.sms;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A SIP phone for the tests that answers every MESSAGE on a UDP port with 200 and keeps what it received
 * (each request as it came, retransmissions included), so a test can count how often each message arrived.
 */
final class SipResponder implements AutoCloseable {

    /** One MESSAGE as received: its Call-ID, CSeq and body. */
    record Received(String callId, String cseq, String body) {
    }

    private final DatagramSocket socket;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    SipResponder(int port) throws IOException {
        socket = new DatagramSocket(port, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(this::serve);
    }

    List<Received> received() {
        return received;
    }

    private void serve() {
        byte[] buf = new byte[65536];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                if (!msg.startsWith("MESSAGE ")) continue;
                int split = msg.indexOf("\r\n\r\n");
                String head = split < 0 ? msg : msg.substring(0, split);
                String body = split < 0 ? "" : msg.substring(split + 4);
                StringBuilder reply = new StringBuilder("SIP/2.0 200 OK\r\n");
                String callId = null;
                String cseq = null;
                for (String line : head.split("\r\n")) {
                    String lower = line.toLowerCase(java.util.Locale.ROOT);
                    if (lower.startsWith("via:") || lower.startsWith("v:") || lower.startsWith("from:")
                            || lower.startsWith("f:")) {
                        reply.append(line).append("\r\n");
                    } else if (lower.startsWith("to:") || lower.startsWith("t:")) {
                        reply.append(line).append(";tag=phone\r\n");
                    } else if (lower.startsWith("call-id:") || lower.startsWith("i:")) {
                        callId = line.substring(line.indexOf(':') + 1).strip();
                        reply.append(line).append("\r\n");
                    } else if (lower.startsWith("cseq:")) {
                        cseq = line.substring(line.indexOf(':') + 1).strip();
                        reply.append(line).append("\r\n");
                    }
                }
                reply.append("Content-Length: 0\r\n\r\n");
                received.add(new Received(callId, cseq, body));
                byte[] out = reply.toString().getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
