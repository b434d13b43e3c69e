package io.callbridge.api;

import io.callbridge.api.problem.FieldError;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/calls/{callSid}/transfer}: a number, extension or SIP URI, and the mode ({@code blind},
 * the default, or {@code warm}: the target talks with the agent first, the caller on hold).
 */
@Schema(description = "Where to transfer the call, and how. Unknown properties are refused.")
public record TransferRequest(
        @Schema(required = true, maxLength = 128, example = "+14155550123", description = "An E.164 number, digits "
                + "only (an extension or national number), or a SIP URI") String to,
        @Schema(enumeration = {"blind", "warm"}, defaultValue = "blind", description = "blind: the agent's stream "
                + "stops and the caller is handed to the target. warm: the caller hears music on hold while the target "
                + "talks with the agent; then POST …/transfer/complete or …/transfer/cancel") String mode)
        implements CheckedBody {

    public static final String BLIND = "blind";
    public static final String WARM = "warm";

    /** Whether the request asks for a warm transfer. */
    public boolean warm() {
        return WARM.equals(mode);
    }

    @Override
    public List<FieldError> fieldErrors() {
        if (to == null) return List.of(new FieldError("to", "is required"));
        if (mode != null && !BLIND.equals(mode) && !WARM.equals(mode)) {
            return List.of(new FieldError("mode", "must be blind or warm"));
        }
        if (!Destinations.isDialable(to)) {
            return List.of(new FieldError("to", "must be an E.164 number (+14155550100), an extension or national "
                    + "number (digits only), or a SIP URI (sip:user@host)"));
        }
        return List.of();
    }
}
