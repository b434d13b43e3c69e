package io.callbridge.api;

import java.util.regex.Pattern;

/**
 * What a call can be sent to. Strict on purpose: a destination becomes part of an Asterisk dial string,
 * so nothing that could end it or add another ({@code &}, {@code ,}, spaces) gets through.
 */
final class Destinations {

    /** As long as the CDR's number columns (V1: to_number varchar(128)). */
    static final int MAX_LENGTH = 128;

    /** E.164: +, a non-zero country code digit, at most 15 digits in all. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    /** A number or extension as a PBX knows it (1000, +4930123). */
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,32}");
    /** sip:user@host[:port][;param=value…] with no characters a dial string gives a meaning to. */
    private static final Pattern SIP_URI = Pattern.compile(
            "(?i)sips?:[A-Za-z0-9._~+\\-*#%!$']+@[A-Za-z0-9.\\-]+(:[0-9]{1,5})?(;[A-Za-z0-9._\\-]+(=[A-Za-z0-9._\\-]+)?)*");

    private Destinations() {
    }

    static boolean isE164(String s) {
        return s != null && E164.matcher(s).matches();
    }

    static boolean isSipUri(String s) {
        return s != null && s.length() <= MAX_LENGTH && SIP_URI.matcher(s).matches();
    }

    /** A number, extension or SIP URI: where a transfer or onAgentFailure may send a caller. */
    static boolean isDialable(String s) {
        return s != null && (NUMBER.matcher(s).matches() || isSipUri(s));
    }
}
