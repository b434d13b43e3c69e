package io.callbridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order a phone is told about its REFER in: "100 Trying" alone, the outcome only after its echo. */
class ReferProgressTest {

    private final List<String> sent = new ArrayList<>();
    private final ReferProgress reports = new ReferProgress((channel, state) -> sent.add(channel + " " + state));

    @Test
    void theProgressGoesAtOnceAndTheOutcomeWaitsForItsEcho() {
        reports.accepted("ch1");
        assertEquals(List.of("ch1 channel_progress"), sent);

        reports.outcome("ch1", "channel_answered");
        assertEquals(List.of("ch1 channel_progress"), sent, "held until Asterisk echoes the progress");

        reports.echoed("ch1", "channel_progress");
        assertEquals(List.of("ch1 channel_progress", "ch1 channel_answered"), sent);
    }

    @Test
    void anOutcomeAfterTheEchoGoesAtOnce() {
        reports.accepted("ch1");
        reports.echoed("ch1", "channel_progress");
        reports.outcome("ch1", "channel_unavailable");
        assertEquals(List.of("ch1 channel_progress", "ch1 channel_unavailable"), sent);
    }

    @Test
    void anOutcomeWithoutAProgressSendsTheProgressFirst() {
        reports.outcome("leg", "channel_declined");
        assertEquals(List.of("leg channel_progress"), sent);
        reports.echoed("leg", "channel_progress");
        assertEquals(List.of("leg channel_progress", "leg channel_declined"), sent);
    }

    @Test
    void echoesOfOtherStatesAndSecondOutcomesChangeNothing() {
        reports.accepted("ch1");
        reports.echoed("ch1", "channel_answered");
        reports.outcome("ch1", "channel_answered");
        reports.echoed("ch1", "channel_progress");
        reports.echoed("ch1", "channel_progress");
        reports.echoed("ch1", "channel_answered"); // Asterisk echoing the outcome: the REFER is over
        assertEquals(List.of("ch1 channel_progress", "ch1 channel_answered"), sent);
    }

    @Test
    void eachChannelHasItsOwnReport() {
        reports.accepted("a");
        reports.accepted("b");
        reports.outcome("a", "channel_answered");
        reports.echoed("b", "channel_progress");
        assertEquals(List.of("a channel_progress", "b channel_progress"), sent, "b's echo does not release a's outcome");
    }
}
