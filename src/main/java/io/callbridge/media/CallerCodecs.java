package io.callbridge.media;

import java.util.Set;

/** Which of a caller's codecs carry audio above 4 kHz (a sample rate over 8 kHz). */
public final class CallerCodecs {

    /** Asterisk's names of audio formats sampled above 8 kHz. */
    private static final Set<String> WIDEBAND = Set.of("g722", "opus", "siren7", "siren14", "g719", "speex16",
            "speex32", "silk12", "silk16", "silk24", "slin12", "slin16", "slin24", "slin32", "slin44", "slin48",
            "slin96", "slin192");

    private CallerCodecs() {
    }

    /**
     * Whether the codec a caller's channel speaks is wideband. {@code nativeFormats} is Asterisk's
     * {@code CHANNEL(audionativeformat)}: {@code (g722)}, or {@code (opus|ulaw)} with the first the one in
     * use; null or anything unknown is narrowband.
     */
    public static boolean isWideband(String nativeFormats) {
        if (nativeFormats == null) return false;
        String names = nativeFormats.strip();
        if (names.startsWith("(")) names = names.substring(1);
        if (names.endsWith(")")) names = names.substring(0, names.length() - 1);
        int bar = names.indexOf('|');
        String first = (bar < 0 ? names : names.substring(0, bar)).strip().toLowerCase(java.util.Locale.ROOT);
        return WIDEBAND.contains(first);
    }
}
