package io.callbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules of each setting, as a table: what PUT /api/config accepts and what it stores. */
class SettingsInputTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "calls.maxConcurrentCalls  | 1                              | 1",
            "calls.maxConcurrentCalls  | 2147483647                     | 2147483647",
            "calls.drainTimeoutSeconds | 1                              | 1",
            "calls.drainTimeoutSeconds | 3600                           | 3600",
            "webhooks.url              | \"http://127.0.0.1:9000/hooks\" | http://127.0.0.1:9000/hooks",
            "webhooks.url              | \"HTTPS://hooks.example.com\"   | HTTPS://hooks.example.com",
            "webhooks.secret           | \"0123456789abcdef\"            | 0123456789abcdef",
            "webhooks.dtmfEvents       | true                           | true",
            "webhooks.dtmfEvents       | false                          | false",
            "api.rateLimit.perSecond   | 0.5                            | 0.5",
            "api.rateLimit.perSecond   | 100                            | 100.0",
            "api.rateLimit.burst       | 1                              | 1",
            "recordings.retentionDays  | 30                             | 30",
    })
    void validValuesAreTyped(String key, String json, String expected) throws Exception {
        SettingsInput.Result r = SettingsInput.parse(body(key, json));
        assertEquals(List.of(), r.errors());
        Object value = r.changes().get(Setting.byKey(key).orElseThrow());
        assertEquals(expected, String.valueOf(value));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "calls.maxConcurrentCalls  | 0",
            "calls.maxConcurrentCalls  | 2147483648",
            "calls.maxConcurrentCalls  | 3.0",
            "calls.drainTimeoutSeconds | 3601",
            "calls.drainTimeoutSeconds | \"30\"",
            "webhooks.url              | \"ws://hooks.example.com\"",
            "webhooks.url              | \"http:/hooks\"",
            "webhooks.url              | \"\"",
            "webhooks.secret           | \"0123456789abcde\"",
            "webhooks.secret           | true",
            "webhooks.dtmfEvents       | 0",
            "api.rateLimit.perSecond   | 0",
            "api.rateLimit.perSecond   | 1e300",
            "api.rateLimit.burst       | -1",
            "api.rateLimit.burst       | {}",
            "recordings.retentionDays  | 0",
            "recordings.retentionDays  | 1.5",
    })
    void invalidValuesAreNamedAndNotApplied(String key, String json) throws Exception {
        SettingsInput.Result r = SettingsInput.parse(body(key, json));
        assertEquals(List.of(key), r.errors().stream().map(SettingsInput.Error::key).toList());
        assertTrue(r.errors().getFirst().message().startsWith("must be"), r.errors().toString());
        assertEquals(Map.of(), r.changes());
    }

    @Test
    void nullIsAResetAndEveryErrorIsReported() throws Exception {
        SettingsInput.Result r = SettingsInput.parse(JSON.readValue("""
                {"webhooks.url": null, "calls.maxConcurrentCalls": 0, "webhooks.secrets": "x", "api.rateLimit.burst": 5}""",
                new TypeReference<LinkedHashMap<String, JsonNode>>() { }));
        assertEquals(List.of("calls.maxConcurrentCalls", "webhooks.secrets"),
                r.errors().stream().map(SettingsInput.Error::key).toList());
        assertTrue(r.errors().get(1).message().startsWith("unknown setting (known: calls.maxConcurrentCalls,"));
        assertTrue(r.changes().containsKey(Setting.WEBHOOK_URL));
        assertEquals(null, r.changes().get(Setting.WEBHOOK_URL));
        assertEquals(5, r.changes().get(Setting.RATE_LIMIT_BURST));
    }

    @Test
    void onlyTheSecretIsMasked() {
        assertEquals(Map.of("set", true), Setting.WEBHOOK_SECRET.shown("0123456789abcdef"));
        assertEquals(Map.of("set", false), Setting.WEBHOOK_SECRET.shown(null));
        assertEquals("http://x", Setting.WEBHOOK_URL.shown("http://x"));
    }

    private static Map<String, JsonNode> body(String key, String json) throws Exception {
        Map<String, JsonNode> body = new LinkedHashMap<>();
        body.put(key, JSON.readTree(json));
        return body;
    }
}
