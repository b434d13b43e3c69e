package io.callbridge.sms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A SIP MESSAGE sent to the edge (Kamailio, 127.0.0.1:5060) over UDP with its body as raw bytes, which sipp's
 * text scenarios cannot hold (bytes that are not UTF-8, NUL bytes). The sender must be a trusted peer.
 */
final class RawMessage {

    private RawMessage() {
    }

    /**
     * Sends one MESSAGE from {@code sip:<from>@peer.example.test} to {@code sip:<to>@127.0.0.1:5060}, from the
     * local UDP {@code port}, and answers the final reply's status line ({@code SIP/2.0 202 Accepted}); fails
     * when none comes within 15 s.
     */
    static String send(int port, String from, String to, String contentType, byte[] body) throws IOException {
        String callId = UUID.randomUUID() + "@raw-message";
        String head = "MESSAGE sip:" + to + "@127.0.0.1:5060 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";rport;branch=z9hG4bK" + UUID.randomUUID().toString().replace("-", "") + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + from + "@peer.example.test>;tag=" + UUID.randomUUID().toString().substring(0, 8) + "\r\n"
                + "To: <sip:" + to + "@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 MESSAGE\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(head.getBytes(StandardCharsets.US_ASCII));
        request.write(body);
        byte[] out = request.toByteArray();
        try (DatagramSocket socket = new DatagramSocket(port, InetAddress.getByName("127.0.0.1"))) {
            socket.setSoTimeout(15_000);
            socket.send(new DatagramPacket(out, out.length, InetAddress.getByName("127.0.0.1"), 5060));
            byte[] buf = new byte[65536];
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("no final reply to the MESSAGE from " + from + " within 15 s", e);
                }
                String reply = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                String status = reply.substring(0, reply.indexOf("\r\n"));
                if (reply.contains(callId) && !status.matches("SIP/2\\.0 1\\d\\d .*")) return status;
            }
        }
    }

    /** The code of a status line ({@code SIP/2.0 202 Accepted} → 202). */
    static int code(String statusLine) {
        return Integer.parseInt(statusLine.substring("SIP/2.0 ".length(), "SIP/2.0 ".length() + 3));
    }
}
