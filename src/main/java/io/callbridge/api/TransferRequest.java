package io.callbridge.api;

import io.callbridge.api.problem.FieldError;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/calls/{callSid}/transfer}: a number, extension or SIP URI. */
@Schema(description = "Where to transfer the call. Unknown properties are refused.")
public record TransferRequest(
        @Schema(required = true, maxLength = 128, example = "+14155550123", description = "An E.164 number, digits "
                + "only (an extension or national number), or a SIP URI") String to) implements CheckedBody {

    @Override
    public List<FieldError> fieldErrors() {
        if (to == null) return List.of(new FieldError("to", "is required"));
        if (!Destinations.isDialable(to)) {
            return List.of(new FieldError("to", "must be an E.164 number (+14155550100), an extension or national "
                    + "number (digits only), or a SIP URI (sip:user@host)"));
        }
        return List.of();
    }
}
