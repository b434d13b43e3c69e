package io.callbridge.ari;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AriConnection#dispatch}: every listener gets every event, in order, whatever another one does. */
class AriEventDispatchTest {

    @Test
    void aFailingListenerDoesNotKeepTheEventFromTheOthers() {
        List<String> seen = new ArrayList<>();
        AriEventListener failing = event -> {
            seen.add("failing " + event);
            throw new IllegalStateException("listener failed");
        };
        AriEventListener recording = event -> seen.add("recording " + event);
        AriEvent end = new AriEvent.StasisEnd("c1");
        AriEvent hold = new AriEvent.ChannelHold("c1");

        AriConnection.dispatch(List.of(failing, recording), end);
        AriConnection.dispatch(List.of(failing, recording), hold);

        assertEquals(List.of("failing " + end, "recording " + end, "failing " + hold, "recording " + hold), seen);
    }
}
