package io.callbridge.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrunkRequestTest {

    private static TrunkRequest request(List<String> sources, List<TrunkGateway> gateways, List<String> dids) {
        return new TrunkRequest("carrier-a", null, sources, "49", "0", "user", "secret", null, null, null, null, null,
                null, null, null, null, null, Map.of("X-Tenant", "a"), null, gateways, dids);
    }

    @Test
    void defaultsAreFilledAndNetworksAndRangesNormalised() {
        TrunkRequest t = request(List.of("203.0.113.7/28", "2001:db8::1"),
                List.of(new TrunkGateway(null, "sip.carrier.example", null, null, null, null, null)),
                List.of(" +4930123400-+4930123499 ", "+4930999")).validated();
        assertEquals(List.of("203.0.113.0/28", "2001:db8:0:0:0:0:0:1/128"), t.inboundSources());
        assertEquals(new TrunkGateway(null, "sip.carrier.example", 5060, "udp", 0, 1, false), t.gateways().get(0));
        assertEquals(List.of("+4930123400-+4930123499", "+4930999"), t.dids());
        assertTrue(t.enabled());
        assertEquals("pass", t.callerIdPolicy());
        assertEquals(3600, t.registerExpires());
    }

    @Test
    void everyInvalidFieldIsNamed() {
        TrunkRequest bad = new TrunkRequest("no spaces please", true, List.of("300.1.2.3", "10.0.0.0/33"), "049", null,
                null, null, null, true, 10, 30, "abc", "sometimes", null, List.of("UL AW"), 0, 0, Map.of("Via", "x"),
                null, List.of(new TrunkGateway(null, "bad host!", 70000, "sctp", 1000, 0, false)),
                List.of("+49-+491", "030123", "+4930123499-+4930123400"));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, bad::validated);
        List<String> fields = e.errors().stream().map(FieldError::field).toList();
        for (String f : List.of("name", "inboundSources[0]", "inboundSources[1]", "countryCode", "register", "registerExpires",
                "stripDigits", "addPrefix", "callerIdPolicy", "codecs[0]", "maxConcurrentCalls", "maxCallsPerSecond",
                "headers.Via", "gateways[0].host", "gateways[0].port", "gateways[0].transport", "gateways[0].priority",
                "gateways[0].weight", "dids[0]", "dids[1]", "dids[2]")) {
            assertTrue(fields.contains(f), f + " not named in " + fields);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"+4930123456", "+4930123400-+4930123499", "+1"})
    void didsRoundTrip(String text) {
        if (text.equals("+1")) {
            assertThrows(IllegalArgumentException.class, () -> TrunkDid.parse(text));
            return;
        }
        assertEquals(text, TrunkDid.parse(text).toString());
    }

    @Test
    void aRangeHoldsTheNumbersOfItsLengthBetweenItsEnds() {
        TrunkDid range = TrunkDid.parse("+4930123400-+4930123499");
        assertTrue(range.contains("+4930123400"));
        assertTrue(range.contains("+4930123455"));
        assertTrue(range.contains("+4930123499"));
        assertFalse(range.contains("+4930123500"));
        assertFalse(range.contains("+49301234555"));
    }

    @Test
    void gatewaysAreDispatcherUris() {
        assertEquals("sip:192.0.2.1:5060", new TrunkGateway(1L, "192.0.2.1", 5060, "udp", 0, 1, false).sipUri());
        assertEquals("sip:[2001:db8::1]:5061;transport=tls", new TrunkGateway(1L, "2001:db8::1", 5061, "tls", 0, 1, false).sipUri());
    }

    @Test
    void healthStatesFollowKamailioFlags() {
        assertEquals("up", TrunkHealth.state("AP"));
        assertEquals("down", TrunkHealth.state("IP"));
        assertEquals("probing", TrunkHealth.state("TP"));
        assertEquals("unknown", TrunkHealth.state(null));
        assertEquals("registered", TrunkHealth.registrationState(4 | 16));
        assertEquals("registering", TrunkHealth.registrationState(0));
        assertEquals("registering", TrunkHealth.registrationState(2 | 8 | 16));
        assertEquals("failed", TrunkHealth.registrationState(16));
        assertEquals("disabled", TrunkHealth.registrationState(1 | 16));
    }
}
