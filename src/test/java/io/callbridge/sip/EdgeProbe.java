package io.callbridge.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * One SIP request over UDP to the edge (127.0.0.1:5060) from a chosen loopback address, and the status line
 * of its answer, if one comes within the wait (a dropped request gets none).
 */
final class EdgeProbe {

    static final Duration WAIT = Duration.ofMillis(1500);

    private EdgeProbe() {
    }

    /** An OPTIONS to the edge itself (answered 200 by Kamailio) with {@code userAgent}. */
    static Optional<String> options(String source, int port, String userAgent) {
        return send(source, port, request(source, port, userAgent, "1 OPTIONS"));
    }

    /** An OPTIONS whose CSeq is no number: malformed (RFC 3261 §20.16), which the edge's sanity check drops. */
    static Optional<String> malformed(String source, int port) {
        return send(source, port, request(source, port, "probe", "one OPTIONS"));
    }

    private static String request(String source, int port, String userAgent, String cseq) {
        String branch = "z9hG4bK" + UUID.randomUUID().toString().replace("-", "");
        return "OPTIONS sip:127.0.0.1:5060 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + source + ":" + port + ";branch=" + branch + "\r\n"
                + "From: <sip:probe@" + source + ">;tag=" + branch.substring(7, 17) + "\r\n"
                + "To: <sip:127.0.0.1:5060>\r\n"
                + "Call-ID: " + UUID.randomUUID() + "@" + source + "\r\n"
                + "CSeq: " + cseq + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "User-Agent: " + userAgent + "\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static Optional<String> send(String source, int port, String message) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(source), port))) {
            socket.setSoTimeout((int) WAIT.toMillis());
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName("127.0.0.1"), 5060));
            byte[] buffer = new byte[4096];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(answer);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            String text = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
            return Optional.of(text.substring(0, Math.max(0, text.indexOf("\r\n"))));
        } catch (IOException e) {
            throw new IllegalStateException("probing the edge from " + source + ":" + port + " failed", e);
        }
    }
}
