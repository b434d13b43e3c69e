package io.callbridge.media;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * The one clock that paces every call's outbound RTP: a tick every 20 ms at absolute deadlines
 * (start + n × 20 ms), so timing never drifts however long a tick's work takes. Each tick sends one frame
 * per registered leg. A tick more than 100 ms late (a stalled machine) restarts the schedule and is counted.
 */
@ApplicationScoped
public class PlayoutClock {

    static final long TICK_NANOS = 20_000_000L;
    private static final long RESYNC_NANOS = 100_000_000L;
    private static final Logger LOG = Logger.getLogger(PlayoutClock.class);

    private final RtpEndpoint rtp;
    private final Set<MediaLeg> legs = ConcurrentHashMap.newKeySet();
    private final Counter slips;
    private final Timer lateness;
    private final Timer work;
    private volatile boolean running;

    PlayoutClock(RtpEndpoint rtp, MeterRegistry meters) {
        this.rtp = rtp;
        this.slips = Counter.builder("callbridge.media.clock.slips")
                .description("Playout ticks so late that the clock restarted its schedule").register(meters);
        // Every leg's frame leaves lateness + (its place in the loop) after the deadline: these two bound it.
        this.lateness = Timer.builder("callbridge.media.clock.lateness")
                .description("How long after its deadline each playout tick started").register(meters);
        this.work = Timer.builder("callbridge.media.clock.work")
                .description("How long one playout tick took to send a frame to every leg").register(meters);
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        Thread.ofPlatform().name("playout-clock").daemon().priority(Thread.MAX_PRIORITY).start(this::run);
    }

    void stop(@Observes @Priority(6000) ShutdownEvent shutdown) {
        running = false;
    }

    public void add(MediaLeg leg) {
        legs.add(leg);
    }

    public void remove(MediaLeg leg) {
        legs.remove(leg);
    }

    public int legCount() {
        return legs.size();
    }

    private void run() {
        long start = System.nanoTime();
        long tick = 0;
        while (running) {
            long deadline = start + tick * TICK_NANOS;
            long wait = deadline - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue; // re-check: park may return early
            }
            if (-wait > RESYNC_NANOS) {
                slips.increment();
                start = System.nanoTime();
                tick = 0;
                continue;
            }
            long begin = deadline - wait; // the time read above
            lateness.record(-wait, TimeUnit.NANOSECONDS);
            for (MediaLeg leg : legs) {
                try {
                    leg.tick(rtp);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "playout tick failed for a leg");
                }
            }
            work.record(System.nanoTime() - begin, TimeUnit.NANOSECONDS);
            tick++;
        }
    }
}
