package io.callbridge.api;

import io.callbridge.call.PhoneNumbers;
import java.util.regex.Pattern;

/**
 * What a call can be sent to. Strict on purpose: a destination becomes part of an Asterisk dial string,
 * so nothing that could end it or add another ({@code &}, {@code ,}, spaces) gets through.
 */
public final class Destinations {

    /** As long as the CDR's number columns (V1: to_number varchar(128)). */
    static final int MAX_LENGTH = 128;

    /** An extension or a national number as the PBX or trunk dials it (1000, 030123456). */
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,32}");
    /** sip:user@host[:port][;param=value…] with no characters a dial string gives a meaning to. */
    private static final Pattern SIP_URI = Pattern.compile(
            "(?i)sips?:[A-Za-z0-9._~+\\-*#%!$']+@[A-Za-z0-9.\\-]+(:[0-9]{1,5})?(;[A-Za-z0-9._\\-]+(=[A-Za-z0-9._\\-]+)?)*");

    private Destinations() {
    }

    /** A phone number in E.164 form, by the one rule of {@link PhoneNumbers#isE164}. */
    static boolean isE164(String s) {
        return PhoneNumbers.isE164(s);
    }

    static boolean isSipUri(String s) {
        return s != null && s.length() <= MAX_LENGTH && SIP_URI.matcher(s).matches();
    }

    /**
     * An E.164 number, an extension or national number (digits only), or a SIP URI: where a transfer or
     * onAgentFailure may send a caller.
     */
    public static boolean isDialable(String s) {
        return s != null && (isE164(s) || DIGITS.matcher(s).matches() || isSipUri(s));
    }
}
