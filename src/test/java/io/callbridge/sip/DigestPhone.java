package io.callbridge.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A phone that speaks SIP over UDP to the edge (127.0.0.1:5060) and computes digest answers itself, MD5 or
 * SHA-256 (RFC 7616 section 3.4.1, RFC 8760), for the digest tests: sipp 3.6 and baresip 1.0 have only MD5.
 * One request at a time; provisional answers are skipped.
 */
final class DigestPhone implements AutoCloseable {

    private static final Pattern PARAM = Pattern.compile("([a-zA-Z-]+)=(?:\"([^\"]*)\"|([^,\\s]+))");

    private final DatagramSocket socket;
    private final String address;
    private final int port;
    private final String callId = UUID.randomUUID() + "@digest-phone";
    private int cseq;

    DigestPhone(String address, int port) {
        this.address = address;
        this.port = port;
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), port));
            socket.setSoTimeout(3000);
        } catch (IOException e) {
            throw new IllegalStateException("binding " + address + ":" + port + " failed", e);
        }
    }

    /** An answer: its status code and its header lines (name as sent, value). */
    record Answer(int status, List<Map.Entry<String, String>> headers) {

        /** The values of every header named {@code name} (case-insensitive), in order. */
        List<String> all(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
        }
    }

    /** A challenge's parameters (realm, nonce, qop, algorithm, stale …), from one WWW- or Proxy-Authenticate value. */
    static Map<String, String> params(String challenge) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(challenge.replaceFirst("^Digest\\s+", ""));
        while (m.find()) params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
        return params;
    }

    /** REGISTER {@code user@domain} with {@code authorization} (an Authorization value; null for none). */
    Answer register(String user, String domain, String authorization) {
        return send("REGISTER", "sip:" + domain, user, domain, "Authorization", authorization, "Expires: 300\r\n");
    }

    /** REGISTER {@code user@domain} with {@code headerLines} (whole header lines, e.g. two sets of credentials). */
    Answer registerWithHeaders(String user, String domain, List<String> headerLines) {
        StringBuilder extra = new StringBuilder();
        for (String line : headerLines) extra.append(line).append("\r\n");
        return send("REGISTER", "sip:" + domain, user, domain, "Authorization", null, extra + "Expires: 300\r\n");
    }

    /** OPTIONS to {@code target} from {@code user@domain} with {@code authorization} (a Proxy-Authorization value). */
    Answer options(String target, String user, String domain, String authorization) {
        return send("OPTIONS", target, user, domain, "Proxy-Authorization", authorization, "");
    }

    /**
     * The Digest credentials answering {@code challenge} for {@code method} on {@code uri}: with qop auth
     * (nc 00000001, a fresh cnonce) when the challenge offers it, in the challenge's algorithm (MD5 when it names
     * none).
     */
    static String answer(Map<String, String> challenge, String user, String password, String method, String uri) {
        return answerWithHa1(challenge, user, hex(hash(challenge), user + ":" + challenge.get("realm") + ":" + password),
                method, uri);
    }

    /** As {@link #answer}, from a given HA1 (hex) instead of a password: what an attacker who knew one would send. */
    static String answerWithHa1(Map<String, String> challenge, String user, String ha1, String method, String uri) {
        String algorithm = challenge.getOrDefault("algorithm", "MD5");
        String hash = hash(challenge);
        String realm = challenge.get("realm");
        String nonce = challenge.get("nonce");
        String ha2 = hex(hash, method + ":" + uri);
        StringBuilder h = new StringBuilder("Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce
                + "\", uri=\"" + uri + "\"");
        String response;
        if (challenge.getOrDefault("qop", "").contains("auth")) {
            String cnonce = UUID.randomUUID().toString().replace("-", "");
            response = hex(hash, ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:" + ha2);
            h.append(", cnonce=\"").append(cnonce).append("\", nc=00000001, qop=auth");
        } else {
            response = hex(hash, ha1 + ":" + nonce + ":" + ha2);
        }
        h.append(", response=\"").append(response).append("\"");
        if (challenge.containsKey("algorithm")) h.append(", algorithm=").append(algorithm);
        return h.toString();
    }

    private static String hash(Map<String, String> challenge) {
        return challenge.getOrDefault("algorithm", "MD5").equalsIgnoreCase("SHA-256") ? "SHA-256" : "MD5";
    }

    static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Answer send(String method, String uri, String user, String domain, String authHeader, String auth, String extra) {
        cseq++;
        String branch = "z9hG4bK" + UUID.randomUUID().toString().replace("-", "");
        String request = method + " " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + address + ":" + port + ";branch=" + branch + ";rport\r\n"
                + "From: <sip:" + user + "@" + domain + ">;tag=" + callId.substring(0, 8) + "\r\n"
                + "To: <" + (method.equals("REGISTER") ? "sip:" + user + "@" + domain : uri) + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Contact: <sip:" + user + "@" + address + ":" + port + ">\r\n"
                + "Max-Forwards: 70\r\n"
                + "User-Agent: callbridge-digest-phone\r\n"
                + (auth == null ? "" : authHeader + ": " + auth + "\r\n")
                + extra
                + "Content-Length: 0\r\n\r\n";
        try {
            byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName("127.0.0.1"), 5060));
            while (true) {
                byte[] buffer = new byte[8192];
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Answer answer = parse(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
                if (answer.status() >= 200) return answer;
            }
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException(method + " got no final answer within 3 s");
        } catch (IOException e) {
            throw new IllegalStateException(method + " failed", e);
        }
    }

    private static Answer parse(String text) {
        String[] lines = text.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) headers.add(Map.entry(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
        }
        return new Answer(status, headers);
    }

    @Override
    public void close() {
        socket.close();
    }
}
