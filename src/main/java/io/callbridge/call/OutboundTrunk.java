package io.callbridge.call;

import io.callbridge.ari.AriChannels;
import io.callbridge.ari.Ownership;
import io.callbridge.sip.EdgeDomains;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Places calls, outbound calls and transfer legs alike: to users of the edge's own domains through Kamailio
 * (the edge endpoint); to a number through Kamailio's carrier trunks when any trunk is enabled (the trunks
 * endpoint, with the trunks to try in {@code X-Callbridge-Trunks}, kamailio/trunkout.cfg); to a SIP URI at an enabled
 * trunk's gateway (its host, and its port when the URI names one) through that trunk alone, the URI's user as the
 * number (an AI platform's SIP endpoint behind a TLS and SRTP trunk); to anything else through the configured
 * outbound endpoint.
 */
@ApplicationScoped
class OutboundTrunk {

    private final AriChannels channels;
    private final OutboundConfig config;
    private final Ownership ownership;
    private final EdgeDomains domains;
    private final TrunkSelection trunks;

    OutboundTrunk(AriChannels channels, OutboundConfig config, Ownership ownership, EdgeDomains domains,
                  TrunkSelection trunks) {
        this.domains = domains;
        this.trunks = trunks;
        this.channels = channels;
        this.config = config;
        this.ownership = ownership;
    }

    /**
     * Asterisk's own dial timeout is this much later than ours, only a backstop: when Asterisk gives up it
     * reports a bare hangup cause, so the app ends an unanswered call itself (see {@link #place}).
     */
    private static final int BACKSTOP_SECONDS = 5;
    /** A SIP URI's user that can stand in Asterisk's dial string as the number ({@code PJSIP/<user>@trunks}). */
    private static final Pattern TRUNK_USER = Pattern.compile("^sips?:([A-Za-z0-9_.+*-]{1,64})@", Pattern.CASE_INSENSITIVE);

    /**
     * Creates {@code channelId} in Stasis, marked as a channel of call {@code callSid}, and dials {@code target} (an E.164 number or a SIP URI) with
     * {@code callerId}; the outcome arrives as Dial events. Returns the ring timeout in seconds
     * ({@code ringSeconds}, or the configured one when null): the caller gives up on the call after it.
     */
    int place(String channelId, String callSid, String target, String callerId, Integer ringSeconds, String purpose)
            throws ch.loway.oss.ari4java.tools.RestException {
        return place(channelId, callSid, target, callerId, ringSeconds, purpose, null);
    }

    /**
     * As {@link #place(String, String, String, String, Integer, String)}; a call to a number with {@code trunkId} set
     * leaves through that trunk alone (its gateways in order, failover among them, never another trunk), whether or
     * not it is still enabled: Kamailio answers 503 "No trunk available" when it is not.
     */
    int place(String channelId, String callSid, String target, String callerId, Integer ringSeconds, String purpose,
              Long trunkId) throws ch.loway.oss.ari4java.tools.RestException {
        int seconds = ringSeconds != null ? ringSeconds : (int) config.ringTimeout().toSeconds();
        Map<String, String> variables = new HashMap<>(ownership.variables(callSid));
        String endpoint;
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
            Matcher user = TRUNK_USER.matcher(target);
            Optional<Long> trunk = Optional.empty();
            boolean local = domains.isLocalUser(target);
            if (!local && user.find()) trunk = trunks.trunkFor(target);
            if (trunk.isPresent()) {
                endpoint = throughTrunks(user.group(1), List.of(trunk.get()), callSid, variables);
            } else {
                endpoint = "PJSIP/" + (local ? config.edgeEndpoint() : config.endpoint()) + "/" + target;
            }
        } else if (trunkId != null) {
            endpoint = throughTrunks(target, List.of(trunkId), callSid, variables);
        } else {
            List<Long> ids = trunks.enabledTrunks();
            if (ids.isEmpty()) {
                endpoint = "PJSIP/" + target + "@" + config.endpoint();
            } else {
                endpoint = throughTrunks(target, ids, callSid, variables);
            }
        }
        channels.create(channelId, endpoint, callerId, purpose, variables);
        channels.dial(channelId, seconds + BACKSTOP_SECONDS);
        return seconds;
    }

    /** The trunks endpoint's dial string for {@code number}, with the headers Kamailio reads (and removes). */
    private String throughTrunks(String number, List<Long> ids, String callSid, Map<String, String> variables) {
        // Which trunks, in order, and whose attempts they are (kamailio/trunkout.cfg).
        variables.put("PJSIP_HEADER(add,X-Callbridge-Trunks)", ids.stream().map(String::valueOf).collect(Collectors.joining(",")));
        variables.put("PJSIP_HEADER(add,X-Callbridge-Call)", callSid);
        return "PJSIP/" + number + "@" + config.trunksEndpoint();
    }
}
