package io.callbridge.debug;

import io.callbridge.api.CheckedBody;
import io.callbridge.api.problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/debug}. Unknown properties are refused. */
@Schema(name = "DebugRequest", description = "Exactly one of number and callSid; minutes (default 10) or seconds.")
public record DebugRequest(
        @Schema(nullable = true, example = "+4930123456", maxLength = 64, description = "A number or SIP user name: "
                + "every call whose From or To user is this (with or without a leading +) is captured") String number,
        @Schema(nullable = true, example = "CA0123456789abcdef0123456789abcdef", description = "A call in progress: "
                + "its SIP messages from now on are captured") String callSid,
        @Schema(nullable = true, example = "10", minimum = "1", description = "How long, in minutes (default 10; "
                + "at most callbridge.debug.max-minutes)") Integer minutes,
        @Schema(nullable = true, example = "30", minimum = "1", description = "How long, in seconds, instead of "
                + "minutes") Integer seconds) implements CheckedBody {

    static final Pattern NUMBER = Pattern.compile("\\+?[0-9A-Za-z._*#-]{1,64}");
    static final Pattern CALL_SID = Pattern.compile("CA[0-9a-f]{32}");
    static final int DEFAULT_MINUTES = 10;

    @Override
    public List<FieldError> fieldErrors() {
        List<FieldError> errors = new ArrayList<>();
        if ((number == null) == (callSid == null)) {
            errors.add(new FieldError(number == null ? "number" : "callSid", "exactly one of number and callSid is required"));
        } else if (number != null && !NUMBER.matcher(number).matches()) {
            errors.add(new FieldError("number", "must be a number or SIP user name (digits, letters, . _ * # -, an optional leading +)"));
        } else if (callSid != null && !CALL_SID.matcher(callSid).matches()) {
            errors.add(new FieldError("callSid", "must be a call's sid (CA and 32 hex digits)"));
        }
        if (minutes != null && seconds != null) errors.add(new FieldError("seconds", "give minutes or seconds, not both"));
        if (minutes != null && minutes < 1) errors.add(new FieldError("minutes", "must be at least 1"));
        if (seconds != null && seconds < 1) errors.add(new FieldError("seconds", "must be at least 1"));
        return errors;
    }

    /** How long the entry lasts, in seconds. */
    long durationSeconds() {
        if (seconds != null) return seconds;
        return 60L * (minutes == null ? DEFAULT_MINUTES : minutes);
    }
}
