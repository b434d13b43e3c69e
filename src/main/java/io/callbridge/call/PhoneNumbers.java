package io.callbridge.call;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for phone numbers in Callbridge, on Google's libphonenumber: what is an E.164 number, and
 * which caller a blocklist entry or a history filter names.
 *
 * <p>A <b>phone number</b> is one that libphonenumber parses and finds of a possible length for its country
 * ({@code IS_POSSIBLE}): {@code +} and the country code, or a national or international form read with the
 * numbering plan of {@code callbridge.numbers.default-region} ({@code (555) 123-4567}, {@code 011 49 30
 * 1234567} in {@code US}; {@code 030 1234567}, {@code 0049 30 1234567} in {@code DE}). Whether the number is
 * assigned is not checked: ranges change faster than deployments, and test numbers (555) must work.
 *
 * <p>A <b>caller</b> is a phone number (kept in E.164 form), an extension (1 to {@value #MAX_EXTENSION}
 * digits, kept as given) or a SIP user name such as {@code alice} (letters, digits, {@code . _ ~ -}, at least
 * one letter, compared exactly). A SIP URI names the caller of its user part: {@code sip:alice@pbx.example}
 * is {@code alice}, {@code sip:+15551234567@carrier.example} is {@code +15551234567}; the host is not part
 * of it, since a call carries the caller's user part only (the caller id number Asterisk reports).
 */
@ApplicationScoped
@Startup // an unknown default region stops the app at startup, not at the first call
public class PhoneNumbers {

    /** The longest extension: longer digit strings must be phone numbers, so a mistyped number is refused. */
    public static final int MAX_EXTENSION = 6;
    public static final int MAX_SIP_USER = 64;

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** What people write numbers with; anything else (letters, ;, @) is not a number. */
    private static final Pattern NUMBER_CHARACTERS = Pattern.compile("\\+?[0-9\\s().\\-/]+");
    private static final Pattern PUNCTUATION = Pattern.compile("[\\s().\\-/]");
    private static final Pattern E164_FORM = Pattern.compile("\\+[1-9][0-9]{1,14}");
    /** RFC 3261 user characters without those a dial string or a URI gives a meaning to. */
    private static final Pattern SIP_USER = Pattern.compile("[A-Za-z0-9._~\\-]{1," + MAX_SIP_USER + "}");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[A-Za-z].*");
    private static final Pattern SIP_URI = Pattern.compile("(?i)sips?:([^@]*)@.+");

    private final String region;

    @Inject
    PhoneNumbers(NumbersConfig config) {
        this(config.defaultRegion());
    }

    /** @throws IllegalArgumentException for a region libphonenumber does not know */
    public PhoneNumbers(String defaultRegion) {
        String r = defaultRegion.strip().toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(r)) {
            throw new IllegalArgumentException("callbridge.numbers.default-region: " + defaultRegion
                    + " is not an ISO 3166-1 alpha-2 region with a numbering plan (US, DE, GB, …)");
        }
        this.region = r;
    }

    /** The default region, upper case ({@code US}). */
    public String region() {
        return region;
    }

    /**
     * Whether {@code s} is a phone number in E.164 form exactly: {@code +}, the country code and the national
     * number, digits only, of a possible length for that country ({@code +14155550100}).
     */
    public static boolean isE164(String s) {
        if (s == null || !E164_FORM.matcher(s).matches()) return false;
        try {
            PhoneNumber n = UTIL.parse(s, "ZZ");
            return isPossible(n) && UTIL.format(n, PhoneNumberFormat.E164).equals(s);
        } catch (NumberParseException e) {
            return false;
        }
    }

    /** The E.164 form of a phone number in any usual form (see the class), or empty. */
    public Optional<String> e164(String raw) {
        if (raw == null) return Optional.empty();
        String s = raw.strip();
        if (!NUMBER_CHARACTERS.matcher(s).matches()) return Optional.empty();
        try {
            PhoneNumber n = UTIL.parse(s, region);
            return isPossible(n) ? Optional.of(UTIL.format(n, PhoneNumberFormat.E164)) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The caller {@code raw} names, in the form calls are compared in (see the class): E.164 for a phone
     * number, the digits of an extension, a SIP user name as given; empty when it is none of these.
     */
    public Optional<String> caller(String raw) {
        if (raw == null) return Optional.empty();
        String s = raw.strip();
        var uri = SIP_URI.matcher(s);
        if (uri.matches()) s = uri.group(1);
        if (s.isEmpty()) return Optional.empty();
        Optional<String> number = e164(s);
        if (number.isPresent()) return number;
        if (NUMBER_CHARACTERS.matcher(s).matches()) {
            String digits = PUNCTUATION.matcher(s).replaceAll("");
            boolean extension = !digits.startsWith("+") && !digits.isEmpty() && digits.length() <= MAX_EXTENSION;
            return extension ? Optional.of(digits) : Optional.empty();
        }
        return SIP_USER.matcher(s).matches() && HAS_LETTER.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }

    /** {@link #caller} where {@code raw} names one, else {@code raw} stripped: what a lookup compares. */
    public String normalize(String raw) {
        if (raw == null) return null;
        return caller(raw).orElse(raw.strip());
    }

    private static boolean isPossible(PhoneNumber n) {
        return UTIL.isPossibleNumberWithReason(n) == ValidationResult.IS_POSSIBLE;
    }
}
