package io.callbridge.api;

import io.callbridge.store.CallAnalytics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code GET /api/analytics/calls}: the range as answered (widened to whole buckets) and one
 * entry per bucket, oldest first, empty buckets included.
 */
public record CallAnalyticsResponse(@Schema(required = true) Instant from, @Schema(required = true) Instant to,
                                    @Schema(required = true, enumeration = {"hour", "day"}) String interval,
                                    @Schema(required = true) List<CallBucket> buckets) {

    /**
     * One bucket's figures. {@code answerSeizureRatio} is answered / calls, rounded to 4 decimal places, and
     * null when no call started in the bucket (there is no ratio of nothing; 0 would read as "every call
     * failed").
     */
    public record CallBucket(@Schema(required = true) Instant start, @Schema(required = true) long calls,
                             @Schema(required = true) long answered,
                             @Schema(required = true, nullable = true, minimum = "0", maximum = "1") Double answerSeizureRatio,
                             @Schema(required = true, nullable = true) Double averageDurationSeconds,
                             @Schema(required = true) Map<String, Long> byTermination,
                             @Schema(required = true) int peakConcurrency,
                             @Schema(required = true) CallQuality quality) {

        static CallBucket of(CallAnalytics.Bucket b) {
            Double asr = b.calls() == 0 ? null
                    : BigDecimal.valueOf(b.answered()).divide(BigDecimal.valueOf(b.calls()), 4, RoundingMode.HALF_UP)
                            .doubleValue();
            return new CallBucket(b.start().toInstant(), b.calls(), b.answered(), asr, b.averageDurationSeconds(),
                    b.byTermination(), b.peakConcurrency(), CallQuality.of(b.quality()));
        }
    }

    /**
     * The caller leg's quality over the bucket's calls that have it (answered calls that ended after their first
     * sample): how many, their mean estimated MOS (ITU-T G.107) and mean packet loss in percent (each call's worse
     * direction), null when there is none, and how many scored a MOS below 3.1 (R below 60).
     */
    public record CallQuality(@Schema(required = true) long calls,
                              @Schema(required = true, nullable = true, minimum = "1", maximum = "4.5") Double averageMos,
                              @Schema(required = true, nullable = true, minimum = "0", maximum = "100") Double averageLossPercent,
                              @Schema(required = true) long poorCalls) {

        static CallQuality of(CallAnalytics.Quality q) {
            return new CallQuality(q.calls(), q.averageMos(), q.averageLossPercent(), q.poorCalls());
        }
    }

    static CallAnalyticsResponse of(CallAnalyticsParams.Query query, List<CallAnalytics.Bucket> buckets) {
        return new CallAnalyticsResponse(query.from().toInstant(), query.to().toInstant(), query.interval().code(),
                buckets.stream().map(CallBucket::of).toList());
    }
}
