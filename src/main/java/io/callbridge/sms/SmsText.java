package io.callbridge.sms;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Message bodies: strict UTF-8 decoding (a body that is not valid UTF-8 text is binary and refused), and the
 * segment count a carrier would bill (GSM 03.38 7-bit: 160 characters, 153 per part; anything else UCS-2: 70,
 * 67 per part). Over SIP the text always travels as UTF-8 ({@code text/plain;charset=UTF-8}); the segments
 * only inform {@code NumSegments}.
 */
final class SmsText {

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENDED = "^{}\\[~]|€\f";

    private SmsText() {
    }

    /** The text of {@code bytes}, or empty when they are not valid UTF-8 or hold control characters other than tab/CR/LF. */
    static Optional<String> decode(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') return Optional.empty();
            }
            return Optional.of(text);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Characters as a reader counts them (code points): what {@link SmsConfig#maxLength} limits. */
    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Whether every character has a GSM 7-bit encoding. */
    static boolean isGsm(String text) {
        return text.codePoints().allMatch(c -> GSM_BASIC.indexOf(c) >= 0 || GSM_EXTENDED.indexOf(c) >= 0);
    }

    /** The parts a carrier would split {@code text} into (1 for an empty body). */
    static int segments(String text) {
        if (isGsm(text)) {
            int septets = 0;
            for (int i = 0; i < text.length(); i++) septets += GSM_EXTENDED.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
            return septets <= 160 ? 1 : (septets + 152) / 153;
        }
        int units = text.length(); // UTF-16 code units: UCS-2 as carriers count it
        return units <= 70 ? 1 : (units + 66) / 67;
    }
}
