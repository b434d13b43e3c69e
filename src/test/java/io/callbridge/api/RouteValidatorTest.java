package io.callbridge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.call.RouteSpec;
import io.callbridge.stream.Protocol;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteValidatorTest {

    private static final String URL = "ws://127.0.0.1:9001/stream";

    @ParameterizedTest(name = "protocol={0} sampleRate={1} -> {2}")
    @CsvSource(nullValues = "NULL", value = {
            "NULL,   NULL,  8000",
            "twilio, NULL,  8000",
            "twilio, 8000,  8000",
            "raw,    NULL,  16000",
            "raw,    8000,  8000",
            "raw,    16000, 16000",
            "raw,    24000, 24000",
    })
    void sampleRateDefaultsPerProtocol(String protocol, Integer sampleRate, int expected) {
        RouteSpec spec = RouteValidator.validate(request("1000", URL, protocol, sampleRate, null, null));
        assertEquals(expected, spec.sampleRate());
        assertEquals(protocol == null ? Protocol.TWILIO : Protocol.fromCode(protocol), spec.protocol());
    }

    /** One bad field per row: it must be the only one reported. */
    @ParameterizedTest(name = "{0}={1} is rejected")
    @CsvSource(nullValues = "NULL", delimiter = '|', value = {
            "number         | NULL",
            "number         | +49 30",
            "number         | 1000-1",
            "url            | NULL",
            "url            | ''",
            "url            | http://127.0.0.1:9001/stream",
            "url            | ws:///stream",
            "url            | ws://agent/stream#frag",
            "url            | ws://bad host/",
            "protocol       | TWILIO",
            "protocol       | sip",
            "sampleRate     | 44100",
            "sampleRate     | 16000",
            "onAgentFailure | voicemail",
            "onAgentFailure | +49 30 123",
            "onAgentFailure | sip:",
            "maxConcurrentCalls | 0",
    })
    void badFieldIsNamed(String field, String value) {
        String number = "1000", url = URL, protocol = null, onFailure = null;
        Integer rate = null, max = null;
        switch (field) {
            case "number" -> number = value;
            case "url" -> url = value;
            case "protocol" -> protocol = value;
            case "sampleRate" -> rate = Integer.valueOf(value); // with the default protocol, twilio
            case "onAgentFailure" -> onFailure = value;
            case "maxConcurrentCalls" -> max = Integer.valueOf(value);
            default -> throw new IllegalArgumentException(field);
        }
        RouteRequest r = new RouteRequest(number, null, url, protocol, rate, null, max, onFailure, null, null, null, null);
        var e = assertThrows(InvalidRequestException.class, () -> RouteValidator.validate(r));
        assertEquals(1, e.errors().size(), e.errors().toString());
        assertEquals(field, e.errors().getFirst().field());
    }

    @ParameterizedTest
    @CsvSource({"hangup", "+4930123", "1000", "sip:support@example.com", "sips:queue@pbx.example.com:5061"})
    void failoverTargets(String target) {
        assertEquals(target, RouteValidator.validate(request("1000", URL, null, null, null, target)).onAgentFailure());
    }

    @Test
    void everyBadFieldIsReportedAtOnce() {
        RouteRequest r = new RouteRequest("no spaces", null, "http://x", "raw", 44100, null, -1, "?", null, null, null, null);
        var e = assertThrows(InvalidRequestException.class, () -> RouteValidator.validate(r));
        assertEquals(List.of("number", "url", "sampleRate", "maxConcurrentCalls", "onAgentFailure"),
                e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void parameterLimits() {
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i <= RouteValidator.MAX_PARAMETERS; i++) tooMany.put("k" + i, "v");
        assertField("parameters", tooMany);
        assertField("parameters", Map.of("k".repeat(RouteValidator.MAX_PARAMETER_KEY + 1), "v"));
        assertField("parameters", Map.of("", "v"));
        assertField("parameters.k", Map.of("k", "v".repeat(RouteValidator.MAX_PARAMETER_VALUE + 1)));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertField("parameters.k", nullValue);
        assertEquals(Map.of("tenant", "acme"),
                RouteValidator.validate(request("1000", URL, null, null, Map.of("tenant", "acme"), null)).parameters());
    }

    @Test
    void aRouteRunsStoredTwimlOrAVoiceUrlInsteadOfAnAgent() {
        var stored = RouteValidator.validate(flowRequest(null, "<Response><Hangup/></Response>", null, null, null, null));
        assertNull(stored.url());
        assertEquals("<Response><Hangup/></Response>", stored.flow().twiml());
        var voice = RouteValidator.validate(flowRequest(null, null, "https://app.example.com/voice", "get",
                "https://backup.example.com/voice", 5));
        assertEquals(URI.create("https://app.example.com/voice"), voice.flow().voiceUrl());
        assertEquals("GET", voice.flow().voiceMethod());
        assertEquals("POST", voice.flow().voiceFallbackMethod());
        assertEquals(Duration.ofSeconds(5), voice.flow().timeout());
        assertNull(RouteValidator.validate(request("1000", URL, null, null, null, null)).flow(), "an agent's route has none");
    }

    @Test
    void storedTwimlIsCheckedAndTheErrorNamesWhatIsWrong() {
        var e = assertThrows(InvalidRequestException.class,
                () -> RouteValidator.validate(flowRequest(null, "<Response><Say>hi</Response>", null, null, null, null)));
        assertEquals("twiml", e.errors().getFirst().field());
        assertTrue(e.errors().getFirst().message().contains("not well-formed XML (line 1"), e.errors().toString());
    }

    @Test
    void aRouteHasOneHandlerAndValidVoiceSettings() {
        var e = assertThrows(InvalidRequestException.class, () -> RouteValidator.validate(
                flowRequest(URL, "<Response/>", "ftp://app.example.com/v", "PUT", null, 0)));
        assertEquals(List.of("twiml", "voiceUrl", "voiceMethod", "voiceTimeout", "url"),
                e.errors().stream().map(FieldError::field).toList());
        var fallbackAlone = assertThrows(InvalidRequestException.class, () -> RouteValidator.validate(
                flowRequest(URL, null, null, null, "https://backup.example.com/voice", null)));
        assertEquals("voiceFallbackUrl", fallbackAlone.errors().getFirst().field());
    }

    private static RouteRequest flowRequest(String url, String twiml, String voiceUrl, String method, String fallback,
                                            Integer timeout) {
        return new RouteRequest("1000", null, url, null, null, null, null, null, null, null, null, null, twiml, voiceUrl,
                method, fallback, null, timeout);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "support, 10, wss://agent.example.com/v, null, ", // an agent's route with a limit: taken
            "'   ', 10, wss://agent.example.com/v, null, overflowQueue", // blank
            "support, null, wss://agent.example.com/v, null, overflowQueue", // nothing to overflow
            "support, 10, null, <Response/>, overflowQueue"}) // a flow queues with <Enqueue>
    void anOverflowQueueNeedsALimitAndAnAgent(String queue, Integer max, String url, String twiml, String badField) {
        RouteRequest r = new RouteRequest("1000", null, url, null, null, null, max, null, null, null, null, null, twiml,
                null, null, null, null, null, queue);
        if (badField == null) {
            assertEquals(queue, RouteValidator.validate(r).overflowQueue());
        } else {
            var e = assertThrows(InvalidRequestException.class, () -> RouteValidator.validate(r));
            assertEquals(List.of(badField), e.errors().stream().map(FieldError::field).toList());
        }
    }

    @Test
    void aQueueNameLongerThanTwiliosIsRefused() {
        RouteRequest r = new RouteRequest("1000", null, URL, null, null, null, 2, null, null, null, null, null, null,
                null, null, null, null, null, "q".repeat(RouteValidator.MAX_QUEUE_NAME + 1));
        var e = assertThrows(InvalidRequestException.class, () -> RouteValidator.validate(r));
        assertEquals("overflowQueue", e.errors().getFirst().field());
        assertNull(RouteValidator.validate(request("1000", URL, null, null, null, null)).overflowQueue());
    }

    @Test
    void missingBodyIsRefused() {
        assertThrows(InvalidRequestException.class, () -> RouteValidator.validate(null));
    }

    private static void assertField(String field, Map<String, String> parameters) {
        var e = assertThrows(InvalidRequestException.class,
                () -> RouteValidator.validate(request("1000", URL, null, null, parameters, null)));
        assertEquals(field, e.errors().getFirst().field());
    }

    private static RouteRequest request(String number, String url, String protocol, Integer rate,
                                        Map<String, String> parameters, String onFailure) {
        return new RouteRequest(number, null, url, protocol, rate, parameters, null, onFailure, null, null, null, null);
    }
}
