package io.callbridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallStateTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "RINGING,  ANSWERED, true",
            "RINGING,  ENDING,   true",
            "RINGING,  ENDED,    false",
            "ANSWERED, ENDING,   true",
            "ANSWERED, RINGING,  false",
            "ENDING,   ENDED,    true",
            "ENDING,   ANSWERED, false",
            "ENDED,    RINGING,  false",
            "ENDED,    ENDING,   false",
    })
    void onlyForwardMovesAreLegal(CallState from, CallState to, boolean legal) {
        assertEquals(legal, from.canMoveTo(to));
    }
}
