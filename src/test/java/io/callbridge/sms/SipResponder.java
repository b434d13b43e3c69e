package io.callbridge.sms;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIP phone or carrier for the tests that answers every MESSAGE on a UDP port (or, {@link #tcp}, a TCP port)
 * with 200 and keeps what it received (each request as it came, retransmissions included), so a test can count
 * how often each message arrived.
 */
final class SipResponder implements AutoCloseable {

    /** One MESSAGE as received: its Call-ID, CSeq and body. */
    record Received(String callId, String cseq, String body) {
    }

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^(?:content-length|l)\\s*:\\s*(\\d+)");

    private final DatagramSocket socket;
    private final ServerSocket tcp;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** A phone on UDP {@code port}. */
    SipResponder(int port) throws IOException {
        socket = new DatagramSocket(port, InetAddress.getByName("127.0.0.1"));
        tcp = null;
        Thread.ofVirtual().start(this::serve);
    }

    private SipResponder(ServerSocket tcp) {
        socket = null;
        this.tcp = tcp;
        Thread.ofVirtual().start(() -> {
            while (!tcp.isClosed()) {
                try {
                    Socket connection = tcp.accept();
                    Thread.ofVirtual().start(() -> serveTcp(connection));
                } catch (IOException e) {
                    if (tcp.isClosed()) return;
                }
            }
        });
    }

    /** A far end on TCP {@code port} only: whatever reaches it came over TCP. */
    static SipResponder tcp(int port) throws IOException {
        return new SipResponder(new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1")));
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
                String reply = answer(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                if (reply == null) continue;
                byte[] out = reply.getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) return;
            }
        }
    }

    /** Keeps a MESSAGE and answers its 200 OK; null for anything else. */
    private String answer(String msg) {
        if (!msg.startsWith("MESSAGE ")) return null;
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
        return reply.toString();
    }

    /**
     * Reads SIP messages from one TCP connection, each framed by its Content-Length (RFC 3261 §18.3), and
     * answers each MESSAGE on the same connection.
     */
    private void serveTcp(Socket connection) {
        try (connection; InputStream in = new BufferedInputStream(connection.getInputStream());
             OutputStream out = connection.getOutputStream()) {
            while (true) {
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) >= 0) {
                    head.write(b);
                    byte[] h = head.toByteArray();
                    int n = h.length;
                    if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') break;
                }
                if (b < 0) return;
                String headers = head.toString(StandardCharsets.UTF_8);
                if (headers.isBlank()) continue; // a keep-alive CRLF pair
                Matcher length = CONTENT_LENGTH.matcher(headers);
                byte[] body = in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
                String reply = answer(headers + new String(body, StandardCharsets.UTF_8));
                if (reply != null) {
                    out.write(reply.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the connection closed
        }
    }

    @Override
    public void close() {
        try {
            if (socket != null) socket.close();
            if (tcp != null) tcp.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
