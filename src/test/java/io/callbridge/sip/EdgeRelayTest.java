package io.callbridge.sip;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.Sipp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edge is no open relay: a request from outside that claims to be inside a dialog (a To tag) and routes
 * itself through the edge (a Route naming it) is refused unless its next hop is a media node, so no one can
 * have the edge carry requests to a host of their choosing. Sent from 127.0.0.10:5700 toward 127.0.0.11:5701
 * (addresses and ports of this test). Dialogs that are real (calls from and to phones) are covered by
 * PhoneCallsTest and the call tests, whose in-dialog requests still pass.
 */
class EdgeRelayTest {

    static final String SOURCE = "127.0.0.10";
    static final int PORT = 5700;
    static final String TARGET = "127.0.0.11:5701";

    @ParameterizedTest
    @ValueSource(strings = {"MESSAGE", "INVITE", "BYE"})
    void aForgedInDialogRequestIsNotRelayedToAnArbitraryHost(String method) {
        Sipp.Result result = Sipp.from(SOURCE, PORT, "indialog-forged.xml", "0",
                Map.of("METHOD", method, "TARGET", TARGET), List.of("-m", "1"), 15);
        assertTrue(result.succeeded(), "expected 403 for a forged in-dialog " + method + " toward " + TARGET
                + ":\n" + result.output());
    }
}
