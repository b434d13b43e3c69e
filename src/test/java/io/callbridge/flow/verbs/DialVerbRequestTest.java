package io.callbridge.flow.verbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.call.DialOutcome;
import io.callbridge.call.DialRequest;
import io.callbridge.flow.TwimlException;
import io.callbridge.flow.TwimlNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** How {@code <Dial>} reads its attributes and nouns, and the action parameters it sends; no call needed. */
class DialVerbRequestTest {

    @Test
    void numbersAndSipUrisRingTogetherWithTwiliosDefaults() {
        DialRequest request = DialVerb.request(dial(Map.of(), "",
                node("Number", "+49 (30) 123-45.6"), node("Sip", " sip:desk@pbx.example.test ")));
        assertEquals(List.of("+4930123456", "sip:desk@pbx.example.test"), request.targets());
        assertEquals(Duration.ofSeconds(30), request.timeout());
        assertEquals(Duration.ofSeconds(14400), request.timeLimit());
        assertNull(request.callerId());
    }

    @Test
    void aBareNumberIsDialledAndTheAttributesApply() {
        DialRequest request = DialVerb.request(dial(Map.of("timeout", "2", "timeLimit", "60", "callerId", "+15550009999"),
                "1000"));
        assertEquals(List.of("1000"), request.targets());
        assertEquals(Duration.ofSeconds(5), request.timeout(), "Twilio's minimum ring time");
        assertEquals(Duration.ofSeconds(60), request.timeLimit());
        assertEquals("+15550009999", request.callerId());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "timeout=abc|| timeout",
            "timeLimit=14401|| timeLimit",
            "record=record-from-start|| record",
            "method=PUT|| method",
            "|not a number| not a phone number",
            "|| nothing to dial",
    })
    void invalidDialsAreRefusedNamingWhatIsWrong(String attribute, String text, String named) {
        Map<String, String> attributes = attribute == null ? Map.of() : Map.of(attribute.split("=")[0], attribute.split("=")[1]);
        TwimlNode verb = dial(attributes, text == null ? (attribute == null ? "" : "1000") : text);
        TwimlException e = assertThrows(TwimlException.class, () -> {
            DialVerb.request(verb);
            io.callbridge.flow.TwimlAttributes.method(verb, "method", "POST");
        });
        assertTrue(e.getMessage().contains(named.strip()), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"do-not-record", "record-from-answer", "record-from-answer-dual", "record-from-ringing",
            "record-from-ringing-dual"})
    void twiliosRecordValuesAreAccepted(String record) {
        assertEquals(List.of("1000"), DialVerb.request(dial(Map.of("record", record), "1000")).targets());
    }

    @Test
    void aSipNounMustBeASipUriAndOtherNounsAreRefused() {
        assertThrows(TwimlException.class, () -> DialVerb.request(dial(Map.of(), "", node("Sip", "desk@pbx"))));
        TwimlException e = assertThrows(TwimlException.class,
                () -> DialVerb.request(dial(Map.of(), "", node("Conference", "room"))));
        assertTrue(e.getMessage().contains("<Dial><Conference>"), e.getMessage());
    }

    @Test
    void theActionGetsTwiliosParameters() {
        Map<String, String> parameters = DialVerb.parameters(
                new DialOutcome(DialOutcome.COMPLETED, 12, "CA0123456789abcdef0123456789abcdef", "1000", 200));
        assertEquals(Map.of("DialCallStatus", "completed", "DialCallDuration", "12",
                "DialCallSid", "CA0123456789abcdef0123456789abcdef"), parameters);
    }

    private static TwimlNode dial(Map<String, String> attributes, String text, TwimlNode... nouns) {
        return new TwimlNode("Dial", attributes, text, List.of(nouns));
    }

    private static TwimlNode node(String name, String text) {
        return new TwimlNode(name, Map.of(), text, List.of());
    }
}
