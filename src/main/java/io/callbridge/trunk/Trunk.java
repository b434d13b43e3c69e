package io.callbridge.trunk;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A carrier SIP trunk as stored (table {@code trunk} with its gateways and DIDs; docs/carriers.md). The
 * password is never returned: {@code authPasswordSet} says whether there is one.
 *
 * @param id                 the trunk's id; Kamailio knows it as address group and dispatcher set 100 + id
 * @param inboundSources     the addresses and networks (CIDR) the carrier's calls come from
 * @param countryCode        the E.164 country calling code for national numbers ({@code 49}), or null
 * @param nationalPrefix     the trunk prefix of national numbers ({@code 0}), or null
 * @param registerExpires    the registration's lifetime the edge asks for, seconds
 * @param stripDigits        leading digits removed from an outbound dialed number
 * @param addPrefix          then prepended
 * @param callerIdPolicy     {@code pass}, {@code fixed}, {@code e164} or {@code national}
 * @param maxConcurrentCalls null: no limit
 * @param maxCallsPerSecond  null: no limit
 * @param headers            extra SIP headers on outbound INVITEs
 * @param requestUser        request-URI user override for outbound calls, or null
 * @param status             the live state from Kamailio ({@code GET /api/trunks/{id}} only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A carrier SIP trunk")
public record Trunk(
        long id,
        String name,
        boolean enabled,
        List<String> inboundSources,
        String countryCode,
        String nationalPrefix,
        String authUsername,
        boolean authPasswordSet,
        String authRealm,
        boolean register,
        int registerExpires,
        int stripDigits,
        String addPrefix,
        String callerIdPolicy,
        String callerId,
        List<String> codecs,
        Integer maxConcurrentCalls,
        Integer maxCallsPerSecond,
        Map<String, String> headers,
        String requestUser,
        List<TrunkGateway> gateways,
        List<TrunkDid> dids,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        TrunkStatus status) {

    /** This trunk with {@code status} attached. */
    public Trunk withStatus(TrunkStatus status) {
        return new Trunk(id, name, enabled, inboundSources, countryCode, nationalPrefix, authUsername, authPasswordSet,
                authRealm, register, registerExpires, stripDigits, addPrefix, callerIdPolicy, callerId, codecs,
                maxConcurrentCalls, maxCallsPerSecond, headers, requestUser, gateways, dids, createdAt, updatedAt, status);
    }

    /** Kamailio's address group and dispatcher set of trunk {@code id}. */
    public static int kamailioGroup(long id) {
        return (int) (100 + id);
    }
}
