package io.callbridge.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** HA1 as phones compute it: lowercase hex of the hash of username:realm:password. */
class DigestHa1Test {

    @Test
    void md5IsRfc2617sExample() {
        // RFC 2617 §3.5: Mufasa, testrealm@host.com, "Circle Of Life"
        assertEquals("939e7578ed9e3c518a452acee763bce9", DigestHa1.md5("Mufasa", "testrealm@host.com", "Circle Of Life"));
    }

    @Test
    void sha256HashesTheSameString() {
        // RFC 7616 §3.9.1's credentials; the value is coreutils' sha256sum of "Mufasa:http-auth@example.org:Circle of Life"
        assertEquals("7987c64c30e25f1b74be53f966b49b90f2808aa92faf9a00262392d7b4794232",
                DigestHa1.sha256("Mufasa", "http-auth@example.org", "Circle of Life"));
    }
}
