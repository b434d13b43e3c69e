package io.callbridge.api;

import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.call.PhoneNumbers;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a {@link BlockRequest}. The blocklist holds callers as {@link PhoneNumbers#caller} reads them: a
 * phone number in any usual form (stored in E.164), an extension, or a SIP user name ({@code alice}, or a
 * SIP URI {@code sip:alice@pbx.example} naming it), since a call carries the caller's user part.
 */
final class BlockValidator {

    static final int MAX_REASON = 255; // blocked_numbers.reason (V3)

    private BlockValidator() {
    }

    static BlockRequest validate(BlockRequest r, PhoneNumbers numbers) {
        if (r == null) {
            throw new InvalidRequestException("a JSON object with the number to block is required",
                    List.of(new FieldError("number", "is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        String numberError = numberError(r.number(), numbers);
        if (numberError != null) errors.add(new FieldError("number", numberError));
        if (r.reason() != null && r.reason().length() > MAX_REASON) {
            errors.add(new FieldError("reason", "must be at most " + MAX_REASON + " characters"));
        }
        if (!errors.isEmpty()) throw InvalidRequestException.of("field", errors);
        return r;
    }

    /** Why {@code number} names no caller, or null when it names one. */
    static String numberError(String number, PhoneNumbers numbers) {
        if (number == null || number.isBlank()) return "is required";
        if (numbers.caller(number).isPresent()) return null;
        return "must be a phone number (+14155550100, or national digits of region " + numbers.region()
                + "), an extension of at most " + PhoneNumbers.MAX_EXTENSION
                + " digits, or a SIP user (alice, sip:alice@pbx.example)";
    }
}
