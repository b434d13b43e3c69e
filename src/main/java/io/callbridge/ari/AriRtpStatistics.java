package io.callbridge.ari;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * ARI's {@code RTPstat} of one channel ({@code GET /channels/{id}/rtp_statistics}, ARI 4.0+), as Asterisk's
 * res_rtp_asterisk fills it, field for field. Counts are packets: {@code rxcount}/{@code txcount} received from
 * and sent to the channel's far end; {@code rxploss} the packets missing from the received sequence numbers as of
 * Asterisk's last RTCP report (it updates it when it sends one, every {@code rtcpinterval}, 5 s by default);
 * {@code txploss} the far end's count from its RTCP receiver reports. Jitter and round-trip times are in seconds,
 * and the names do not say what they hold: in Asterisk 22 {@code txjitter} is the jitter Asterisk measures on
 * what it receives, {@code rxjitter} the far end's report (see {@code quality.CallerQuality}). Every far-end
 * figure stays 0 while the far end sends no RTCP. Fields absent from the answer are read as 0.
 */
public record AriRtpStatistics(long txcount, long rxcount, long txploss, long rxploss, double txjitter,
                               double rxjitter, double rtt, double maxrtt, double minrtt, double normdevrtt,
                               double remoteMaxjitter, long localSsrc, long remoteSsrc) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads ARI's JSON answer; throws {@link IOException} for one that is not a JSON object. */
    public static AriRtpStatistics parse(byte[] json) throws IOException {
        JsonNode n = JSON.readTree(json);
        if (n == null || !n.isObject()) throw new IOException("RTP statistics: not a JSON object");
        return new AriRtpStatistics(n.path("txcount").asLong(), n.path("rxcount").asLong(),
                n.path("txploss").asLong(), n.path("rxploss").asLong(), n.path("txjitter").asDouble(),
                n.path("rxjitter").asDouble(), n.path("rtt").asDouble(), n.path("maxrtt").asDouble(),
                n.path("minrtt").asDouble(), n.path("normdevrtt").asDouble(), n.path("remote_maxjitter").asDouble(),
                n.path("local_ssrc").asLong(),
                n.path("remote_ssrc").asLong());
    }
}
