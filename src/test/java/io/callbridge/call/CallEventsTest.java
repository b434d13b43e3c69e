package io.callbridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.callbridge.ari.AriChannel;
import io.callbridge.ari.AriEvent.StasisStart;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The number a call handed to Stasis is routed by. */
class CallEventsTest {

    private static final AriChannel CHANNEL =
            new AriChannel("1796029940.0", "PJSIP/kamailio-00000000", "Ring", "+15550001111", "997001", Map.of());

    @Test
    void theStasisArgumentIsTheNumberToRoute() {
        assertEquals("7001", CallEvents.dialed(new StasisStart(List.of("7001"), CHANNEL)));
    }

    @Test
    void withoutAnArgumentTheDialedExtensionIsRouted() {
        assertEquals("997001", CallEvents.dialed(new StasisStart(List.of(), CHANNEL)));
        assertEquals("997001", CallEvents.dialed(new StasisStart(List.of(" "), CHANNEL)));
    }

    @Test
    void aChannelWithoutDialplanHasNoNumber() {
        AriChannel bare = new AriChannel("c1", null, null, null, null, Map.of());
        assertNull(CallEvents.dialed(new StasisStart(List.of(), bare)));
    }
}
