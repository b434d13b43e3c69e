package io.callbridge.sip;

import io.callbridge.api.problem.FieldError;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the SIP API accepts as a user name, domain, password, display name and caller id. Limits follow
 * Kamailio's columns (64 characters for user and domain) and what stays unambiguous in a SIP URI.
 */
final class SipNames {

    /** Letters, digits and the unreserved marks of a SIP URI's user part (RFC 3261 §25.1), a leading + for numbers. */
    static final Pattern USERNAME = Pattern.compile("\\+?[A-Za-z0-9._~-]{1,63}");
    /** A DNS name of labels of letters, digits and hyphens (RFC 1123), at least two labels, or an IPv4 address. */
    static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,64}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
    static final Pattern CALLER_ID = Pattern.compile("\\+?[0-9]{1,20}");
    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 128;
    static final int MAX_DISPLAY_NAME = 128;

    private SipNames() {
    }

    /** Domains are compared lowercase, as DNS compares them. */
    static String domain(String given) {
        return given == null ? null : given.toLowerCase(Locale.ROOT);
    }

    static void checkUsername(String field, String value, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            errors.add(new FieldError(field, "is required"));
        } else if (!USERNAME.matcher(value).matches()) {
            errors.add(new FieldError(field, "must be 1-64 letters, digits, . _ ~ or -, with an optional leading +"));
        }
    }

    static void checkDomain(String field, String value, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            errors.add(new FieldError(field, "is required"));
        } else if (!DOMAIN.matcher(domain(value)).matches()) {
            errors.add(new FieldError(field, "must be a DNS name such as sip.example.com (at most 64 characters)"));
        }
    }

    static void checkPassword(String value, List<FieldError> errors) {
        if (value.length() < MIN_PASSWORD || value.length() > MAX_PASSWORD) {
            errors.add(new FieldError("password", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters"));
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("password", "must not contain control characters"));
        }
    }

    static void checkDisplayName(String value, List<FieldError> errors) {
        if (value == null) return;
        if (value.length() > MAX_DISPLAY_NAME || value.chars().anyMatch(c -> Character.isISOControl(c) || c == '"' || c == '\\')) {
            errors.add(new FieldError("displayName", "must be at most " + MAX_DISPLAY_NAME
                    + " characters, without quotes, backslashes or control characters"));
        }
    }

    static void checkCallerId(String value, List<FieldError> errors) {
        if (value != null && !CALLER_ID.matcher(value).matches()) {
            errors.add(new FieldError("callerId", "must be a number of 1-20 digits with an optional leading + (E.164: +4930123456)"));
        }
    }
}
