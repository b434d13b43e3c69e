package io.callbridge.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.query.NativeQuery;

/**
 * Call figures per time bucket, computed in PostgreSQL over the CDR table {@code calls}. The counts come from
 * the calls that started in a bucket (index {@code calls_history_idx}); the peak concurrency from every call
 * in progress during the range, found through the span index {@code calls_span_idx} (V9).
 */
@ApplicationScoped
public class CallAnalytics {

    /** Which calls count; a null field is no filter. */
    public record Filter(String direction, String route) {
    }

    /**
     * The figures of one bucket. {@code averageDurationSeconds} is over the calls that were answered and have
     * ended (null when there is none); {@code byTermination} leaves out calls without a termination yet.
     * {@code quality} is over the calls with caller-leg figures (V15).
     */
    public record Bucket(OffsetDateTime start, long calls, long answered, Double averageDurationSeconds,
                         Map<String, Long> byTermination, int peakConcurrency, Quality quality) {
    }

    /**
     * The caller leg's quality over a bucket's calls that have it: how many, their mean estimated MOS and mean
     * packet loss in percent (each call's worse direction; null averages when none), and how many scored a MOS
     * below {@link #POOR_MOS}.
     */
    public record Quality(long calls, Double averageMos, Double averageLossPercent, long poorCalls) {
    }

    /** G.107 Annex B: below R = 60 (MOS 3.1) "nearly all users dissatisfied". */
    public static final double POOR_MOS = 3.1;

    /*
     * Peak concurrency is a sweep: every call in progress in the range is +1 at its start (or at the range's
     * start, for a call already running then) and -1 at its end (now() for a call still running; none when it
     * ends after the range). Summing the deltas of each instant, then running them in time order, gives the
     * number of calls in progress from that instant on: started_at <= t < coalesce(ended_at, now()), so a
     * call ending at t and another starting at t are never counted together. Every bucket start is an
     * instant with delta 0, so each bucket's peak includes the calls it inherits from the one before.
     *
     * The bounds are a CTE "not materialized", so the planner sees them as the parameters they are and uses
     * the indexes. The step is given as hours (PT1H, PT24H), never as '1 day': PostgreSQL adds days in the
     * session's time zone, and the buckets are UTC.
     */
    private static final String BOUNDS = """
            with bounds as not materialized (
                select cast(:from as timestamptz) as range_from, cast(:to as timestamptz) as range_to,
                       cast(:step as interval) as step
            )""";

    private static final String FIGURES = BOUNDS + """
            ,
            buckets as (
                select generate_series(range_from, range_to - step, step) as bucket_start from bounds
            ),
            started as (
                select date_bin(step, started_at, range_from) as bucket_start,
                       count(*) as calls,
                       count(answered_at) as answered,
                       -- null for a call not answered or not ended, and avg() skips nulls
                       round(avg(extract(epoch from ended_at - answered_at)), 3) as average_duration,
                       count(caller_mos) as quality_calls,
                       round(cast(avg(caller_mos) as numeric), 2) as average_mos,
                       -- greatest() skips a null: the loss out is null when the caller sent no RTCP
                       round(cast(avg(greatest(caller_loss_in_pct, caller_loss_out_pct)) as numeric), 2) as average_loss,
                       count(*) filter (where caller_mos < 3.1) as poor_calls -- POOR_MOS
                  from calls, bounds
                 where started_at >= range_from and started_at < range_to /*filter*/
                 group by 1
            ),
            spans as (
                select greatest(started_at, range_from) as starts, coalesce(ended_at, now()) as ends, range_to
                  from calls, bounds
                 where call_span(started_at, ended_at) && tstzrange(range_from, range_to) /*filter*/
            ),
            events as (
                select starts as at, 1 as delta from spans where ends > starts
                union all
                select ends, -1 from spans where ends > starts and ends < range_to
                union all
                select bucket_start, 0 from buckets
            ),
            levels as (
                select at, sum(sum(delta)) over (order by at) as level from events group by at
            ),
            peaks as (
                select date_bin(step, at, range_from) as bucket_start, max(level) as peak
                  from levels, bounds
                 group by 1
            )
            select b.bucket_start, coalesce(s.calls, 0) as calls, coalesce(s.answered, 0) as answered,
                   s.average_duration, cast(p.peak as integer) as peak, coalesce(s.quality_calls, 0) as quality_calls,
                   cast(s.average_mos as double precision) as average_mos,
                   cast(s.average_loss as double precision) as average_loss, coalesce(s.poor_calls, 0) as poor_calls
              from buckets b
              left join started s using (bucket_start)
              left join peaks p using (bucket_start)
             order by b.bucket_start""";

    private static final String TERMINATIONS = BOUNDS + """

            select date_bin(step, started_at, range_from) as bucket_start, termination, count(*) as calls
              from calls, bounds
             where started_at >= range_from and started_at < range_to and termination is not null /*filter*/
             group by 1, 2
             order by 1, 2""";

    private final EntityManager em;

    CallAnalytics(EntityManager em) {
        this.em = em;
    }

    /**
     * One bucket for every {@code step} from {@code from} up to {@code to}, empty ones included. {@code to -
     * from} must be a whole number of steps.
     */
    public List<Bucket> calls(OffsetDateTime from, OffsetDateTime to, Duration step, Filter filter) {
        Map<OffsetDateTime, Map<String, Long>> terminations = new TreeMap<>();
        for (Object[] row : query(TERMINATIONS, from, to, step, filter)
                .addScalar("bucket_start", OffsetDateTime.class)
                .addScalar("termination", String.class)
                .addScalar("calls", Long.class)
                .getResultList()) {
            terminations.computeIfAbsent(utc(row[0]), k -> new LinkedHashMap<>()).put((String) row[1], (Long) row[2]);
        }
        List<Bucket> buckets = new ArrayList<>();
        for (Object[] row : query(FIGURES, from, to, step, filter)
                .addScalar("bucket_start", OffsetDateTime.class)
                .addScalar("calls", Long.class)
                .addScalar("answered", Long.class)
                .addScalar("average_duration", Double.class)
                .addScalar("peak", Integer.class)
                .addScalar("quality_calls", Long.class)
                .addScalar("average_mos", Double.class)
                .addScalar("average_loss", Double.class)
                .addScalar("poor_calls", Long.class)
                .getResultList()) {
            OffsetDateTime start = utc(row[0]);
            buckets.add(new Bucket(start, (Long) row[1], (Long) row[2], (Double) row[3],
                    terminations.getOrDefault(start, Map.of()), (Integer) row[4],
                    new Quality((Long) row[5], (Double) row[6], (Double) row[7], (Long) row[8])));
        }
        return buckets;
    }

    /** Hibernate hands timestamps over in the JVM's offset; the buckets are UTC. */
    private static OffsetDateTime utc(Object timestamp) {
        return ((OffsetDateTime) timestamp).withOffsetSameInstant(ZoneOffset.UTC);
    }

    @SuppressWarnings("unchecked")
    private NativeQuery<Object[]> query(String sql, OffsetDateTime from, OffsetDateTime to, Duration step,
                                        Filter filter) {
        StringBuilder where = new StringBuilder();
        if (filter.direction() != null) where.append(" and direction = :direction");
        if (filter.route() != null) where.append(" and route = :route");
        NativeQuery<Object[]> query = em.createNativeQuery(sql.replace("/*filter*/", where))
                .unwrap(NativeQuery.class);
        query.setParameter("from", from).setParameter("to", to).setParameter("step", step.toString());
        if (filter.direction() != null) query.setParameter("direction", filter.direction());
        if (filter.route() != null) query.setParameter("route", filter.route());
        return query;
    }
}
