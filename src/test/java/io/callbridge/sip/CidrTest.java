package io.callbridge.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest
    @CsvSource({
            "203.0.113.7, 203.0.113.7/32",
            "203.0.113.7/24, 203.0.113.0/24",
            "10.1.2.3/8, 10.0.0.0/8",
            "0.0.0.0/0, 0.0.0.0/0",
            "192.168.1.129/25, 192.168.1.128/25",
            "2001:db8::1, 2001:db8:0:0:0:0:0:1/128",
            "2001:db8:abcd::/48, 2001:db8:abcd:0:0:0:0:0/48",
            "' 127.0.0.6/31 ', 127.0.0.6/31"})
    void aNetworkIsStoredAsItsFirstAddress(String text, String stored) {
        assertEquals(stored, Cidr.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "example.com", "localhost", "256.1.1.1", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0/8",
            "2001:db8::/129", "10.0.0.0/x", "1.2.3.4.5", "::ffff:zz", "01.2.3.4"})
    void anythingElseIsRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    }
}
