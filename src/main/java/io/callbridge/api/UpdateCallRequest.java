package io.callbridge.api;

import io.callbridge.api.problem.FieldError;
import io.callbridge.flow.TwimlException;
import io.callbridge.flow.TwimlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/calls/{callSid}}: Twilio's "update a call" ({@code Twiml}, {@code Url} +
 * {@code Method}, {@code Status}), in JSON. Exactly one of {@code twiml}, {@code url} and {@code status}.
 */
@Schema(description = "Move a live call to new TwiML, or end it. Exactly one of twiml, url and status. Unknown "
        + "properties are refused.")
public record UpdateCallRequest(
        @Schema(nullable = true, maxLength = 65536, example = "<Response><Hangup/></Response>",
                description = "A TwiML document the call runs from now on (docs/flows.md)") String twiml,
        @Schema(nullable = true, maxLength = 2048, example = "https://app.example.com/next", description = "An http(s) "
                + "URL whose TwiML the call runs from now on, requested as a voice URL is") String url,
        @Schema(nullable = true, enumeration = {"GET", "POST"}, defaultValue = "POST", description = "How url is "
                + "requested") String method,
        @Schema(nullable = true, enumeration = {"completed", "canceled"}, description = "completed: hang the call "
                + "up (canceled: the same for a call still ringing)") String status) implements CheckedBody {

    @Override
    public List<FieldError> fieldErrors() {
        List<FieldError> errors = new ArrayList<>();
        int given = (twiml != null ? 1 : 0) + (url != null ? 1 : 0) + (status != null ? 1 : 0);
        if (given != 1) {
            errors.add(new FieldError("twiml", "exactly one of twiml, url and status is required"));
            return errors;
        }
        if (twiml != null) {
            try {
                TwimlParser.parse(twiml);
            } catch (TwimlException e) {
                errors.add(new FieldError("twiml", e.getMessage()));
            }
        }
        if (url != null) RouteValidator.httpUrl("url", url, errors);
        if (method != null && url == null) errors.add(new FieldError("method", "goes with url only"));
        RouteValidator.httpMethod("method", method, errors);
        if (status != null && !status.equals("completed") && !status.equals("canceled")) {
            errors.add(new FieldError("status", "must be completed or canceled"));
        }
        return errors;
    }

    /** {@code GET} or {@code POST}: how {@link #url} is requested. */
    String methodOrDefault() {
        return method == null ? "POST" : method.toUpperCase(Locale.ROOT);
    }

}
