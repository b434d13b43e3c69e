package io.callbridge.api;

import io.callbridge.api.problem.FieldError;
import io.callbridge.flow.TwimlException;
import io.callbridge.flow.TwimlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/queues/{name}/dequeue}: which caller (the front one unless {@code callSid}) and
 * where to: exactly one of {@code to} (a number or SIP URI, dialled as a transfer is), {@code route} (the number of
 * a route with an agent, whose agent the caller is connected to), {@code twiml} and {@code url} (+ {@code method}),
 * which the caller's call then runs as {@code POST /api/calls/{callSid}} would.
 * Kept beside the other request bodies because it shares their destination and TwiML checks.
 */
@Schema(description = "Take a caller out of the queue and hand it on. Exactly one of to, route, twiml and url. Unknown "
        + "properties are refused.")
public record DequeueRequest(
        @Schema(nullable = true, example = "CA0123456789abcdef0123456789abcdef", description = "The caller to take; "
                + "the front caller when absent") String callSid,
        @Schema(nullable = true, maxLength = 128, example = "+14155550123", description = "An E.164 number, digits "
                + "only (an extension or national number), or a SIP URI") String to,
        @Schema(nullable = true, maxLength = 64, example = "+14155550100", description = "The number of a route "
                + "with an agent (url): the caller is connected to that agent") String route,
        @Schema(nullable = true, maxLength = 65536, example = "<Response><Connect><Stream url=\"wss://agent.example.com/\"/></Connect></Response>",
                description = "A TwiML document the caller's call runs from now on (docs/flows.md)") String twiml,
        @Schema(nullable = true, maxLength = 2048, example = "https://app.example.com/dequeued", description = "An "
                + "http(s) URL whose TwiML the caller's call runs from now on") String url,
        @Schema(nullable = true, enumeration = {"GET", "POST"}, defaultValue = "POST", description = "How url is "
                + "requested") String method) implements CheckedBody {

    @Override
    public List<FieldError> fieldErrors() {
        List<FieldError> errors = new ArrayList<>();
        int given = (to != null ? 1 : 0) + (route != null ? 1 : 0) + (twiml != null ? 1 : 0) + (url != null ? 1 : 0);
        if (given != 1) {
            errors.add(new FieldError("to", "exactly one of to, route, twiml and url is required"));
            return errors;
        }
        if (callSid != null && !callSid.matches("CA[0-9a-f]{32}")) {
            errors.add(new FieldError("callSid", "must be CA followed by 32 lowercase hex digits"));
        }
        if (to != null && !Destinations.isDialable(to)) {
            errors.add(new FieldError("to", "must be an E.164 number (+14155550100), an extension or national "
                    + "number (digits only), or a SIP URI (sip:user@host)"));
        }
        if (route != null && (route.isBlank() || route.length() > MAX_ROUTE)) {
            errors.add(new FieldError("route", "must be a route's number (1 to " + MAX_ROUTE + " characters)"));
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
        return errors;
    }

    /** The longest route number taken. */
    static final int MAX_ROUTE = 64;

    /** {@code GET} or {@code POST}: how {@link #url} is requested. */
    public String methodOrDefault() {
        return method == null ? "POST" : method.toUpperCase(Locale.ROOT);
    }
}
