package io.callbridge.flow.verbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.callbridge.flow.TwimlException;
import io.callbridge.flow.TwimlNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Invalid attributes of {@code <Say>}, {@code <Play>} and {@code <Record>} are refused before anything is done to
 * the call, with a message naming the verb and the attribute.
 */
class PromptVerbsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Say|loop|x|hello|<Say loop=\"x\">: loop must be a whole number from 0 to 1000",
            "Say|loop|1001|hello|<Say loop=\"1001\">: loop must be a whole number from 0 to 1000",
            "Play|digits|12a||<Play digits=\"12a\">: digits must be 1 to 64 of 0-9, *, #, w and W",
            "Play|loop|-1|https://example.test/a.wav|<Play loop=\"-1\">: loop must be a whole number from 0 to 1000",
            "Record|finishOnKey|a||<Record finishOnKey=\"a\">: finishOnKey may hold only 0-9, * and #",
            "Record|trim|yes||<Record trim=\"yes\">: trim must be one of trim-silence, do-not-trim",
            "Record|maxLength|0||<Record maxLength=\"0\">: maxLength must be a whole number from 1 to 14400",
            "Record|timeout|-5||<Record timeout=\"-5\">: timeout must be a whole number from 0 to 3600",
            "Record|playBeep|maybe||<Record playBeep=\"maybe\">: playBeep must be true or false"})
    void invalidAttributesAreRefused(String verb, String attribute, String value, String text, String message) {
        TwimlNode node = new TwimlNode(verb, Map.of(attribute, value), text, List.of());
        TwimlException e = assertThrows(TwimlException.class, () -> {
            switch (verb) {
                case "Say" -> new SayVerb(null).execute(null, node);
                case "Play" -> new PlayVerb(null, null).execute(null, node);
                default -> new RecordVerb(null).execute(null, node);
            }
        });
        assertEquals(message, e.getMessage());
    }

    @Test
    void playNeedsAUrlOrDigits() {
        TwimlException e = assertThrows(TwimlException.class,
                () -> new PlayVerb(null, null).execute(null, new TwimlNode("Play", Map.of(), "  ", List.of())));
        assertEquals("<Play> needs an audio URL or digits", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"1234,800", "1w2,900", "W#,1200"})
    void digitsTakeTheTimeAsteriskTakesToSendThem(String digits, long millis) {
        assertEquals(millis, PlayVerb.sendingMillis(digits));
    }
}
