package io.callbridge.api;

import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a {@link BlockRequest}. The blocklist holds callers' phone numbers: E.164 ({@code +} and 4–15
 * digits, ITU-T E.164 §6) or national digits, with the punctuation people write numbers with. Not SIP
 * URIs: Kamailio and the app compare the caller's number, so a URI could never match.
 */
final class BlockValidator {

    static final int MAX_REASON = 255; // blocked_numbers.reason (V3)

    /** What {@link io.callbridge.call.PhoneNumbers} strips too. */
    private static final Pattern PUNCTUATION = Pattern.compile("[\\s().-]");
    private static final Pattern E164 = Pattern.compile("\\+[0-9]{4,15}");
    private static final Pattern NATIONAL = Pattern.compile("[0-9]{4,20}");

    private BlockValidator() {
    }

    static BlockRequest validate(BlockRequest r) {
        if (r == null) {
            throw new InvalidRequestException("a JSON object with the number to block is required",
                    List.of(new FieldError("number", "is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        String numberError = numberError(r.number());
        if (numberError != null) errors.add(new FieldError("number", numberError));
        if (r.reason() != null && r.reason().length() > MAX_REASON) {
            errors.add(new FieldError("reason", "must be at most " + MAX_REASON + " characters"));
        }
        if (!errors.isEmpty()) throw InvalidRequestException.of("field", errors);
        return r;
    }

    /** Why {@code number} is not a phone number, or null when it is one. */
    static String numberError(String number) {
        if (number == null || number.isBlank()) return "is required";
        String lower = number.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
            return "must be a phone number, not a SIP URI";
        }
        String compact = PUNCTUATION.matcher(number).replaceAll("");
        if (E164.matcher(compact).matches() || NATIONAL.matcher(compact).matches()) return null;
        return "must be a phone number: + and 4 to 15 digits (E.164), or 4 to 20 national digits; "
                + "spaces, dashes, dots and parentheses are allowed";
    }
}
