package io.callbridge.testing;

import io.pkts.Pcap;
import io.pkts.packet.UDPPacket;
import io.pkts.protocol.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SIP messages in the local stack's capture (Kamailio's sipdump pcap files, kamailio/capture.cfg), read
 * with pkts. The directory is {@code CALLBRIDGE_SIP_CAPTURE_DIR}, by default the stack's.
 */
public final class SipCapture {

    /** Where deploy/local/stack has Kamailio write its pcap files. */
    public static final Path DIR = Path.of(System.getenv().getOrDefault("CALLBRIDGE_SIP_CAPTURE_DIR",
            "/var/lib/callbridge-local/sip-capture"));

    private SipCapture() {
    }

    /** Every SIP message (the UDP payload as text) of every pcap file in {@link #DIR}, oldest file first. */
    public static List<String> messages() {
        List<String> messages = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pcap")).sorted().toList()) {
                Pcap pcap = Pcap.openStream(file.toFile());
                try {
                    pcap.loop(packet -> {
                        if (packet.hasProtocol(Protocol.UDP)) {
                            UDPPacket udp = (UDPPacket) packet.getPacket(Protocol.UDP);
                            if (udp.getPayload() != null) {
                                messages.add(new String(udp.getPayload().getArray(), StandardCharsets.UTF_8));
                            }
                        }
                        return true;
                    });
                } catch (IOException e) {
                    // the file being written has a last packet cut short: what came before it is complete
                } finally {
                    pcap.close();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the SIP capture in " + DIR, e);
        }
        return messages;
    }

    /** The value of header {@code name} in a SIP message, or null. */
    public static String header(String message, String name) {
        for (String line : message.split("\r\n")) {
            if (line.isEmpty()) break;
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
        }
        return null;
    }
}
