package io.callbridge.sms;

import com.fasterxml.jackson.databind.JsonNode;
import io.callbridge.sip.KamailioRpc;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends one MESSAGE through Kamailio's transaction layer: the RPC {@code tm.t_uac_wait_block} sends the request
 * and answers with its final reply (or tm's own 408 when the next hop never answers within tm's fr_timer), so
 * each attempt's SIP code is known. The Call-ID is the message's sid for every attempt, so a next hop can tell
 * a retry from a new message.
 */
@ApplicationScoped
class SipMessageSender {

    /** Longer than tm's fr_timer (kamailio.cfg: 5 s), which bounds the wait for a final reply. */
    private static final Duration RPC_WAIT = Duration.ofSeconds(15);
    private static final Pattern STATUS = Pattern.compile("(?:SIP/2\\.0\\s+)?([1-6]\\d\\d)(?:\\s+([^\\r\\n]*))?");

    /** The final reply: {@code code} null when none came (Kamailio unreachable). */
    record Outcome(Integer code, String reason) {
    }

    private final KamailioRpc rpc;
    private final SmsConfig config;

    SipMessageSender(KamailioRpc rpc, SmsConfig config) {
        this.rpc = rpc;
        this.config = config;
    }

    Outcome send(NextHop.Contact hop, SmsMessage m) {
        boolean tcp = m.body().getBytes(StandardCharsets.UTF_8).length > config.udpMaxBytes();
        String ruri = hop.requestUri();
        String proxy = hop.proxy() != null ? hop.proxy() : ".";
        // Too large for UDP (RFC 3261 §18.1.1): over TCP, through the proxy if there is one, else to the URI.
        if (tcp) {
            if (hop.proxy() != null) proxy = withTcp(hop.proxy());
            else proxy = withTcp(ruri);
        }
        String host = RegistrarNextHop.domainOf(ruri);
        String headers = "From: <sip:" + SmsIntake.userOf(m.from()) + "@" + (host == null ? "callbridge.invalid" : host)
                + ">;tag=" + m.sid().substring(2, 18) + "\r\n"
                + "To: <sip:" + SmsIntake.userOf(m.to()) + "@" + (host == null ? "callbridge.invalid" : host) + ">\r\n"
                + "Call-ID: " + m.sid() + "@callbridge\r\n"
                + "Content-Type: text/plain;charset=UTF-8\r\n";
        try {
            JsonNode result = rpc.call(RPC_WAIT, "tm.t_uac_wait_block", "MESSAGE", ruri, proxy, ".", headers, m.body());
            return parse(result);
        } catch (KamailioRpc.Failed e) {
            // tm answers a request it could not send (bad URI, no transport) with an error object carrying the code.
            if (e.code >= 300 && e.code < 700) return new Outcome(e.code, e.getMessage());
            return new Outcome(500, e.getMessage());
        } catch (KamailioRpc.Unreachable e) {
            return new Outcome(null, e.getMessage());
        }
    }

    /** The final reply's code and reason from tm's answer: a status line, or an object or array holding one. */
    static Outcome parse(JsonNode result) {
        if (result == null || result.isNull()) return new Outcome(null, "no reply");
        if (result.isObject()) {
            for (String field : new String[]{"code", "status"}) {
                if (result.has(field) && result.get(field).canConvertToInt()) {
                    return new Outcome(result.get(field).asInt(), result.path("text").asText(result.path("reason").asText("")));
                }
            }
        }
        if (result.isArray() && !result.isEmpty()) {
            if (result.get(0).isInt()) return new Outcome(result.get(0).asInt(), result.size() > 1 ? result.get(1).asText() : "");
            return parse(result.get(0));
        }
        Matcher matcher = STATUS.matcher(result.isTextual() ? result.asText().strip() : result.toString());
        if (result.isTextual() && matcher.lookingAt()) {
            return new Outcome(Integer.parseInt(matcher.group(1)), matcher.group(2) == null ? "" : matcher.group(2).strip());
        }
        return new Outcome(null, "unrecognized reply: " + result);
    }

    /** {@code uri} over TCP; one over TLS (a carrier gateway's transport) stays on TLS. */
    static String withTcp(String uri) {
        if (uri.toLowerCase(java.util.Locale.ROOT).contains(";transport=tls")) return uri;
        String u = uri.replaceAll("(?i);transport=[a-z]+", "");
        int q = u.indexOf('?');
        return q < 0 ? u + ";transport=tcp" : u.substring(0, q) + ";transport=tcp" + u.substring(q);
    }
}
