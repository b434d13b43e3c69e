package io.callbridge.trunk;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.callbridge.call.PhoneNumbers;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The number a carrier's call was dialed to, in E.164, read with the trunk's country code and national prefix
 * (libphonenumber does the numbering plans). Carriers send the number in many forms: {@code +4930123456},
 * {@code tel:+49-30-123456}, {@code 004930123456} (international prefix), {@code 030123456} (national, with the
 * trunk prefix) or {@code 30123456} (national significant number, when the trunk has no national prefix).
 * What cannot be read as a phone number (an extension of up to 6 digits, a name, a number of an impossible
 * length) is kept as it came (visual separators removed), so it is routed as dialed.
 */
public final class DialedNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** RFC 3966 visual separators, and the brackets people write around area codes. */
    private static final Pattern SEPARATORS = Pattern.compile("[\\s().\\-]");
    private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]+");

    private DialedNumbers() {
    }

    /**
     * {@code dialed} in E.164 ({@code +4930123456}) when it reads as a possible phone number, else as it came.
     *
     * @param dialed         the request URI's user part or a {@code tel:} URI; null gives null
     * @param countryCode    the trunk's country calling code ({@code 49}), or null: only {@code +} and
     *                       {@code tel:} numbers are international then
     * @param nationalPrefix the trunk prefix of national numbers ({@code 0}), or null: national numbers come
     *                       without one
     */
    public static String toE164(String dialed, String countryCode, String nationalPrefix) {
        if (dialed == null) return null;
        String s = dialed.strip();
        if (s.regionMatches(true, 0, "tel:", 0, 4)) s = s.substring(4);
        int params = s.indexOf(';'); // tel: parameters (phone-context, ext) are not part of the number
        if (params >= 0) s = s.substring(0, params);
        String cleaned = SEPARATORS.matcher(s).replaceAll("");
        if (!DIGITS.matcher(cleaned).matches()) return dialed;
        if (cleaned.startsWith("+")) return possible(cleaned, "ZZ").orElse(cleaned);
        // Up to 6 digits is an extension (the project's rule), never a number.
        if (cleaned.length() <= PhoneNumbers.MAX_EXTENSION) return cleaned;
        String region = countryCode == null ? "ZZ" : UTIL.getRegionCodeForCountryCode(parseInt(countryCode));
        // The region's numbering plan knows its international and national prefixes (00 and 0 in DE, 011 and 1 in
        // the NANP) and national numbers written without the prefix.
        if (!"ZZ".equals(region)) {
            Optional<String> e164 = possible(cleaned, region);
            if (e164.isPresent()) return e164.get();
        }
        // A country libphonenumber has no plan for, or a trunk prefix of the carrier's own.
        String candidate;
        if (countryCode != null && nationalPrefix != null && !nationalPrefix.isEmpty() && cleaned.startsWith(nationalPrefix)
                && !cleaned.startsWith("00")) {
            candidate = "+" + countryCode + cleaned.substring(nationalPrefix.length());
        } else if (cleaned.startsWith("00")) {
            candidate = "+" + cleaned.substring(2);
        } else if (countryCode != null && (nationalPrefix == null || nationalPrefix.isEmpty())) {
            candidate = "+" + countryCode + cleaned;
        } else {
            return cleaned;
        }
        return possible(candidate, "ZZ").orElse(cleaned);
    }

    /** {@code number} read with {@code region}'s plan, in E.164, when it is of a possible length. */
    private static Optional<String> possible(String number, String region) {
        try {
            PhoneNumber n = UTIL.parse(number, region);
            return UTIL.isPossibleNumber(n) ? Optional.of(UTIL.format(n, PhoneNumberFormat.E164)) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    private static int parseInt(String countryCode) {
        try {
            return Integer.parseInt(countryCode);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
