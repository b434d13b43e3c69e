package io.callbridge.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which values of Asterisk's CHANNEL(audionativeformat) are wideband. */
class CallerCodecsTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = ';', nullValues = "null", value = {
            "(g722); true",
            "(opus); true",
            "(slin16); true",
            "(G722); true",
            "g722; true",
            "(opus|ulaw); true",
            "(ulaw|g722); false",
            "(ulaw); false",
            "(alaw); false",
            "(slin); false",
            "(gsm); false",
            "(); false",
            "''; false",
            "null; false",
            "(g7221); false",
    })
    void table(String nativeFormats, boolean wideband) {
        assertEquals(wideband, CallerCodecs.isWideband(nativeFormats));
    }
}
