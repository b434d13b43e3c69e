package io.callbridge.trunk;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A trunk's live state as Kamailio reports it: each gateway's OPTIONS probing state (dispatcher) and the
 * registration (uac), read when asked.
 *
 * @param gateways     one entry per gateway Kamailio knows, in the trunk's order
 * @param registration the registration, or null when the trunk does not register
 * @param error        why the state could not be read (Kamailio unreachable), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A trunk's live state from the SIP edge")
public record TrunkStatus(List<Gateway> gateways, Registration registration, String error) {

    /**
     * @param id    the gateway's id
     * @param uri   the SIP URI probed
     * @param state {@code up} (answering OPTIONS), {@code down} (stopped answering: skipped), {@code probing}
     *              (not yet answered), {@code disabled}, or {@code unknown} (Kamailio does not have it yet)
     * @param flags Kamailio's dispatcher flags as it prints them ({@code AP}: active and probing)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A gateway's health")
    public record Gateway(long id, String uri,
                          @Schema(enumeration = {"up", "down", "probing", "disabled", "unknown"}) String state,
                          String flags) {
    }

    /**
     * @param state       {@code registered}, {@code registering}, {@code failed}, {@code disabled} or {@code unknown}
     * @param registrar   where the registration goes
     * @param expires     the lifetime granted, seconds (0 when not registered)
     * @param flags       uac's flags for the record as a number (docs/carriers.md)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The trunk's registration to its carrier")
    public record Registration(@Schema(enumeration = {"registered", "registering", "failed", "disabled", "unknown"}) String state,
                               String registrar, Integer expires, Integer flags) {
    }
}
