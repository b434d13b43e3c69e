package io.callbridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one phone-number rule (libphonenumber with a default region), as tables. */
class PhoneNumbersTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            // US: national numbers with or without the trunk prefix 1, international prefix 011
            "US | +15551234567     | +15551234567",
            "US | 15551234567      | +15551234567",
            "US | 5551234567       | +15551234567",
            "US | (555) 123-4567   | +15551234567",
            "US | 1 555.123.4567   | +15551234567",
            "US | 01149301234567   | +49301234567",
            "US | +1 555 123 4567  | +15551234567",
            "US | 1000             | none",
            "US | 5551234          | none",       // a local number without its area code: not dialable as is
            "US | +123             | none",
            "US | +1234567890123456| none",       // 16 digits
            "US | alice            | none",
            "US | 1-800-FLOWERS    | none",       // vanity letters are not read as digits
            "US | +1555CALLNOW     | none",
            "US | 15551234567+     | none",
            // Germany: trunk prefix 0, international prefix 00
            "DE | 0301234567       | +49301234567",
            "DE | 0049301234567    | +49301234567",
            "DE | +49 30 1234567   | +49301234567",
            "DE | 030/1234567      | +49301234567",
            "DE | 00 1 555 123 4567| +15551234567",
            "DE | 112              | none",
            // United Kingdom: trunk prefix 0; numbers of other lengths than the US
            "GB | 020 7946 0018    | +442079460018",
            "GB | 07700 900123     | +447700900123",
            "GB | +44 20 7946 0018 | +442079460018",
    })
    void e164(String region, String raw, String expected) {
        assertEquals(Optional.ofNullable(expected), new PhoneNumbers(region).e164(raw));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "+15551234567                     | +15551234567",
            "(555) 123-4567                   | +15551234567",
            "sip:+15551234567@carrier.example | +15551234567",
            "sips:5551234567@carrier.example  | +15551234567",
            "1000                             | 1000",
            "12                               | 12",
            "sip:1000@pbx.example:5060        | 1000",
            "alice                            | alice",
            "Alice.Smith                      | Alice.Smith",       // SIP user parts are case-sensitive
            "sip:alice@pbx.example            | alice",
            "SIP:desk-1@pbx.example;transport=tcp | desk-1",
            "1234567                          | none",  // too long for an extension, not a number: a typo
            "123456789012345678901            | none",
            "sip:@pbx.example                 | none",
            "sip:alice                        | none",
            "alice@pbx.example                | none",
            "ali ce                           | none",
            "ali;ce                           | none",
            "+1555CALLNOW                     | none",
            "''                               | none",
    })
    void caller(String raw, String expected) {
        assertEquals(Optional.ofNullable(expected), new PhoneNumbers("US").caller(raw));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "+14155550100   | true",
            "+15551234567   | true",
            "+49301234567   | true",
            "+442079460018  | true",
            "+4930123       | true",
            "14155550100    | false",  // not E.164 form: no +
            "+1 415 555 0100| false",  // not E.164 form: spaces
            "+0123456789    | false",  // no country code 0
            "+123           | false",  // too short for any country
            "+1415555010099 | false",  // too long for the NANP
            "+999123456789  | false",  // no such country code
    })
    void isE164(String s, boolean expected) {
        assertEquals(expected, PhoneNumbers.isE164(s));
    }

    @ParameterizedTest
    @CsvSource({"XX", "USA", "''"})
    void anUnknownDefaultRegionIsRefused(String region) {
        assertThrows(IllegalArgumentException.class, () -> new PhoneNumbers(region));
    }

    @ParameterizedTest
    @CsvSource({"us", "' DE '"})
    void theRegionIsReadInAnyCase(String region) {
        assertEquals(region.strip().toUpperCase(), new PhoneNumbers(region).region());
    }
}
