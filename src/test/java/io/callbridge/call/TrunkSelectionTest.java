package io.callbridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which port a SIP URI names, for matching it to a trunk's gateway ({@link TrunkSelection#trunkFor}). */
class TrunkSelectionTest {

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "sip:proj_1@sip.ai.example:5061;transport=tls, 5061",
            "sips:proj_1@sip.ai.example:5061, 5061",
            "SIP:proj_1@127.0.0.1:5541, 5541",
            "sip:sip.ai.example:5070, 5070",
            "sip:proj_1@sip.ai.example;transport=tls, none",
            "sip:proj_1@sip.ai.example, none",
            "sip:proj_1:secret@sip.ai.example, none",
            "sip:proj_1@sip.ai.example:notaport, none",
    })
    void portOf(String uri, Integer port) {
        assertEquals(port, TrunkSelection.portOf(uri));
    }
}
