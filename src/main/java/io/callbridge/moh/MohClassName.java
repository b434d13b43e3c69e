package io.callbridge.moh;

import java.util.regex.Pattern;

/**
 * What a music-on-hold class may be called: 1-64 letters, digits, {@code _} or {@code -}. The name becomes a
 * directory and an Asterisk configuration section, so nothing else (no dots, slashes or brackets) is allowed.
 * {@value #DEFAULT} is Asterisk's own class, always there.
 */
public final class MohClassName {

    /** The class Asterisk plays when none is named (asterisk/musiconhold.conf). */
    public static final String DEFAULT = "default";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private MohClassName() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }
}
