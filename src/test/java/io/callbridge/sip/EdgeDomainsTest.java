package io.callbridge.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EdgeDomainsTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "sip:alice@b.example.test, b.example.test",
            "SIP:Alice@B.Example.Test, b.example.test",
            "sips:alice@b.example.test:5061;transport=tls, b.example.test",
            "sip:alice@b.example.test;user=phone, b.example.test",
            "sip:b.example.test, b.example.test",
            "+15550100000, null",
            "sip:alice@, null",
            "tel:+15550100000, null",
            "null, null"})
    void hostOfAUri(String uri, String host) {
        assertEquals(host, EdgeDomains.hostOf(uri));
    }
}
