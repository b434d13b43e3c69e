package io.callbridge.call;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Brings a caller number in any usual form to E.164, so that {@code +4930123456}, {@code 004930123456}
 * and {@code 030123456} (with country code 49, trunk prefix 0) are the same number. Extensions and other
 * short or non-numeric forms are left alone.
 */
@ApplicationScoped
public class PhoneNumbers {

    private static final int MIN_NATIONAL_DIGITS = 7;

    private final NumbersConfig config;

    PhoneNumbers(NumbersConfig config) {
        this.config = config;
    }

    /** The E.164 form, or the input trimmed of punctuation where it is not a phone number. */
    public String normalize(String raw) {
        if (raw == null) return null;
        String n = raw.replaceAll("[\\s().-]", "");
        if (n.startsWith("sip:") || n.startsWith("sips:")) return n;
        return e164(n).orElse(n);
    }

    private Optional<String> e164(String n) {
        if (n.startsWith("+")) return n.substring(1).matches("[0-9]{4,15}") ? Optional.of(n) : Optional.empty();
        if (!n.matches("[0-9]+")) return Optional.empty();
        String intl = config.internationalPrefix();
        if (n.startsWith(intl) && n.length() > intl.length() + 4) return Optional.of("+" + n.substring(intl.length()));
        String trunk = config.nationalPrefix();
        if (n.startsWith(trunk) && n.length() - trunk.length() >= MIN_NATIONAL_DIGITS) {
            return Optional.of("+" + config.countryCode() + n.substring(trunk.length()));
        }
        if (n.length() >= MIN_NATIONAL_DIGITS) return Optional.of("+" + config.countryCode() + n);
        return Optional.empty();
    }
}
