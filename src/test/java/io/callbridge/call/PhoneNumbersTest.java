package io.callbridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumbersTest {

    record Config(String countryCode, String nationalPrefix, String internationalPrefix) implements NumbersConfig {
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            // NANP: country 1, trunk prefix 1, international 011
            "us, +15551234567,     +15551234567",
            "us, 15551234567,      +15551234567",
            "us, 5551234567,       +15551234567",
            "us, (555) 123-4567,   +15551234567",
            "us, 01149301234567,   +49301234567",
            "us, 1000,             1000",
            "us, alice,            alice",
            // Germany: country 49, trunk prefix 0, international 00
            "de, 0301234567,       +49301234567",
            "de, 0049301234567,    +49301234567",
            "de, +49 30 1234567,   +49301234567",
            "de, 301234567,        +49301234567",
            "de, 112,              112",
    })
    void normalizesToE164(String plan, String raw, String expected) {
        NumbersConfig c = plan.equals("us") ? new Config("1", "1", "011") : new Config("49", "0", "00");
        assertEquals(expected, new PhoneNumbers(c).normalize(raw));
    }
}
