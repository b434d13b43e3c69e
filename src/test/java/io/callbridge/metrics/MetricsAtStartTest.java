package io.callbridge.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A dashboard or an alert must find every meter before the first call: an app just started (a profile of
 * its own, so no other test has counted anything yet) already shows every meter docs/architecture.md lists,
 * with the labels it lists, and its latencies as histograms with buckets.
 */
@QuarkusTest
@TestProfile(MetricsAtStartTest.FreshApp.class)
class MetricsAtStartTest {

    /** Its own app start: the meters are those registered at start, not by earlier tests' calls. */
    public static class FreshApp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callbridge.webhooks.backlog-refresh", "1s");
        }
    }

    /** A documented meter, such as {@code callbridge_calls_total{direction,termination}}. */
    record Documented(String name, List<String> labels) {
    }

    /** `name` or `name{label,label}` in a table row of docs/architecture.md's Metrics section. */
    private static final Pattern METER = Pattern.compile("`(callbridge_[a-z0-9_]+)(?:\\{([a-z_, …=]*)})?`");

    static List<Documented> documented() throws Exception {
        String doc = Files.readString(Path.of("docs/architecture.md"));
        int start = doc.indexOf("\n## Metrics");
        int end = doc.indexOf("\n## ", start + 1);
        List<Documented> meters = new ArrayList<>();
        for (String line : doc.substring(start, end).split("\n")) {
            if (!line.startsWith("| `")) continue;
            String firstCell = line.substring(1, line.indexOf('|', 1));
            Matcher m = METER.matcher(firstCell);
            while (m.find()) {
                List<String> labels = m.group(2) == null ? List.of()
                        : Arrays.stream(m.group(2).split(",")).map(l -> l.replaceAll("[=…].*", "").strip()).toList();
                meters.add(new Documented(m.group(1), labels));
            }
        }
        return meters;
    }

    @Test
    void everyDocumentedMeterExistsFromTheStart() throws Exception {
        List<Documented> meters = documented();
        assertTrue(meters.size() >= 15, "the Metrics table of docs/architecture.md was read: " + meters);
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        List<String> missing = new ArrayList<>();
        for (Documented meter : meters) {
            List<String> samples = samplesOf(scrape, meter.name());
            if (samples.isEmpty()) {
                missing.add(meter.name());
                continue;
            }
            for (String label : meter.labels()) {
                if (samples.stream().noneMatch(s -> s.contains(label + "=\""))) missing.add(meter.name() + "{" + label + "}");
            }
        }
        assertEquals(List.of(), missing, "documented in docs/architecture.md but not in /q/metrics at start");
    }

    @Test
    void endedCallsAreCountedByDirectionAndTerminationFromZero() {
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String direction : List.of("inbound", "outbound")) {
            for (String termination : List.of("completed", "caller_hangup", "no_route", "busy", "no_answer", "error")) {
                String series = "callbridge_calls_total{direction=\"" + direction + "\",termination=\"" + termination + "\"}";
                assertTrue(scrape.contains(series), series + " missing");
            }
        }
    }

    @Test
    void latenciesAreHistogramsWithBuckets() {
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String bucket : List.of(
                "callbridge_agent_first_audio_seconds_bucket{le=\"0.1\"}",
                "callbridge_agent_first_audio_seconds_bucket{le=\"2.0\"}",
                "callbridge_agent_first_audio_seconds_bucket{le=\"+Inf\"}",
                "callbridge_media_jitter_ms_bucket{le=\"5.0\"}",
                "callbridge_media_jitter_ms_bucket{le=\"+Inf\"}",
                "callbridge_caller_loss_percent_bucket{le=\"10.0\"}",
                "callbridge_caller_jitter_ms_bucket{le=\"20.0\"}",
                "callbridge_caller_mos_bucket{le=\"3.5\"}",
                "callbridge_media_clock_lateness_seconds_bucket{le=\"0.001\"}",
                "callbridge_media_clock_work_seconds_bucket{le=\"0.001\"}")) {
            assertTrue(scrape.contains(bucket), bucket + " missing");
        }
        // The playout clock has ticked since start: its lateness is in the buckets, not only in a max.
        double ticks = value(scrape, "callbridge_media_clock_lateness_seconds_bucket{le=\"+Inf\"}");
        assertTrue(ticks > 0, "the playout clock's ticks are counted in the histogram");
        assertFalse(scrape.lines().anyMatch(l -> l.startsWith("callbridge_") && l.contains("quantile=\"")),
                "no client-side percentiles: they cannot be aggregated");
    }

    /** Sample lines of {@code name}: the name alone, with labels, or a histogram's series. */
    private static List<String> samplesOf(String scrape, String name) {
        return Arrays.stream(scrape.split("\n"))
                .filter(l -> !l.startsWith("#"))
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " ") || l.startsWith(name + "_bucket{")
                        || l.startsWith(name + "_count"))
                .toList();
    }

    private static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return -1;
    }
}
