package io.callbridge.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DialedNumbersTest {

    @ParameterizedTest(name = "{0} on a trunk with country code {1} and national prefix {2} is {3}")
    @CsvSource(nullValues = "null", value = {
            // Germany: international prefix 00, national prefix 0
            "+4930123456,         49,   0,    +4930123456",
            "tel:+49-30-123456,   49,   0,    +4930123456",
            "tel:+4930123456;phone-context=+49, 49, 0, +4930123456",
            "004930123456,        49,   0,    +4930123456",
            "030123456,           49,   0,    +4930123456",
            "030 123456,          49,   0,    +4930123456",
            "30123456,            49,   null, +4930123456",
            "0033142685300,       49,   0,    +33142685300",
            // The NANP: international prefix 011, national prefix 1
            "12125550123,         1,    1,    +12125550123",
            "2125550123,          1,    1,    +12125550123",
            "011442071838750,     1,    1,    +442071838750",
            "(212) 555-0123,      1,    1,    +12125550123",
            // No country code: only international forms are read
            "+442071838750,       null, null, +442071838750",
            "00442071838750,      null, null, +442071838750",
            "02071838750,         null, null, 02071838750",
            // Not phone numbers: kept as dialed
            "7920,                49,   0,    7920",
            "alice,               49,   0,    alice",
            "+1,                  49,   0,    +1",
            "trunk-3,             49,   0,    trunk-3",
    })
    void dialedNumbersAreReadInE164(String dialed, String countryCode, String nationalPrefix, String expected) {
        assertEquals(expected, DialedNumbers.toE164(dialed, countryCode, nationalPrefix));
    }
}
