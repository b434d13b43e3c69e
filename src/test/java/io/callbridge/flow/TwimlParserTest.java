package io.callbridge.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TwiML text to {@link TwimlNode}s, and the documents the parser refuses (with a message that says why). */
class TwimlParserTest {

    @Test
    void parsesVerbsNounsAttributesAndText() {
        TwimlNode response = TwimlParser.parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <!-- a menu -->
                  <Gather numDigits="1" action="/menu" timeout="3">
                    <Say voice="alice">  Press 1 for sales. </Say>
                    <Pause length="2"/>
                  </Gather>
                  <Connect><Stream url="wss://agent.example.test/s"><Parameter name="lang" value="de"/></Stream></Connect>
                  <Redirect method="GET"><![CDATA[/next?a=1&b=2]]></Redirect>
                </Response>""");
        assertEquals("Response", response.name());
        assertEquals(List.of("Gather", "Connect", "Redirect"), response.children().stream().map(TwimlNode::name).toList());
        TwimlNode gather = response.children().getFirst();
        assertEquals(Map.of("numDigits", "1", "action", "/menu", "timeout", "3"), gather.attributes());
        assertEquals("Press 1 for sales.", gather.children("Say").getFirst().text());
        assertEquals("2", gather.children("Pause").getFirst().attribute("length", null));
        TwimlNode parameter = response.children().get(1).children("Stream").getFirst().children("Parameter").getFirst();
        assertEquals("de", parameter.attribute("value", null));
        assertEquals("/next?a=1&b=2", response.children().get(2).text());
    }

    @Test
    void anEmptyResponseHasNoVerbs() {
        assertEquals(List.of(), TwimlParser.parse("<Response/>").children());
    }

    @Test
    void refusesADoctypeSoNoEntityIsEverResolved() {
        TwimlException e = assertThrows(TwimlException.class, () -> TwimlParser.parse("""
                <?xml version="1.0"?>
                <!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <Response><Say>&x;</Say></Response>"""));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void refusesAnEntityExpansionBomb() {
        String bomb = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
                <Response><Say>&lol2;</Say></Response>""";
        assertThrows(TwimlException.class, () -> TwimlParser.parse(bomb));
    }

    @Test
    void namesTheRootWhenItIsNotResponse() {
        TwimlException e = assertThrows(TwimlException.class, () -> TwimlParser.parse("<Say>hi</Say>"));
        assertEquals("the TwiML document's root is <Say>, not <Response>", e.getMessage());
    }

    @Test
    void givesTheLineOfMalformedXml() {
        TwimlException e = assertThrows(TwimlException.class, () -> TwimlParser.parse("<Response>\n<Say>hi</Pause>\n</Response>"));
        assertTrue(e.getMessage().startsWith("the TwiML document is not well-formed XML (line 2"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not xml at all"})
    void refusesTextThatIsNoDocument(String text) {
        assertThrows(TwimlException.class, () -> TwimlParser.parse(text));
    }

    @Test
    void refusesAnOversizedDocument() {
        String big = "<Response><Say>" + "a".repeat(TwimlParser.MAX_CHARS) + "</Say></Response>";
        TwimlException e = assertThrows(TwimlException.class, () -> TwimlParser.parse(big));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void attributeErrorsNameTheElementAndTheAttribute() {
        TwimlNode pause = TwimlParser.parse("<Response><Pause length=\"soon\"/></Response>").children().getFirst();
        TwimlException e = assertThrows(TwimlException.class, () -> TwimlAttributes.integer(pause, "length", 1, 0, 3600));
        assertEquals("<Pause length=\"soon\">: length must be a whole number from 0 to 3600", e.getMessage());
        assertEquals(1, TwimlAttributes.integer(TwimlParser.parse("<Response><Pause/></Response>").children().getFirst(),
                "length", 1, 0, 3600));
    }
}
