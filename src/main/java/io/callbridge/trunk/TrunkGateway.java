package io.callbridge.trunk;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One of a trunk's carrier gateways: where its outbound calls go, probed with OPTIONS by Kamailio's dispatcher
 * (set 100 + trunk id, destination id {@code gw-<id>}). Table {@code trunk_gateway}.
 *
 * @param id        the gateway's id (assigned when stored; ignored in a request)
 * @param host      an IP address or a DNS name
 * @param port      the SIP port, 1-65535
 * @param transport {@code udp}, {@code tcp} or {@code tls}
 * @param priority  0-999, lower is tried first
 * @param weight    1-100, the share of calls among gateways of equal priority
 * @param srtp      offer SRTP (RTP/SAVP with SDES keys) toward this gateway
 */
@Schema(description = "A carrier gateway of a trunk")
public record TrunkGateway(
        @Schema(readOnly = true) Long id,
        @Schema(example = "sip.carrier.example") String host,
        @Schema(defaultValue = "5060") Integer port,
        @Schema(enumeration = {"udp", "tcp", "tls"}, defaultValue = "udp") String transport,
        @Schema(defaultValue = "0", description = "0-999, lower is tried first") Integer priority,
        @Schema(defaultValue = "1", description = "1-100, share among gateways of equal priority") Integer weight,
        @Schema(defaultValue = "false") Boolean srtp) {

    /** The gateway as a SIP URI for Kamailio's dispatcher: {@code sip:host:port[;transport=tcp|tls]}. */
    public String sipUri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "sip:" + h + ":" + port + ("udp".equals(transport) ? "" : ";transport=" + transport);
    }
}
