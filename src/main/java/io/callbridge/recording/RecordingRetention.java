package io.callbridge.recording;

import io.callbridge.AppThreads;
import io.callbridge.config.Settings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes recordings (row and file) that ended more than the runtime setting {@code recordings.retentionDays}
 * ago, every {@code callbridge.recordings.purge-interval}, on every instance (deleting twice is harmless).
 */
@ApplicationScoped
class RecordingRetention {

    private static final Logger LOG = Logger.getLogger(RecordingRetention.class);
    private static final int BATCH = 500;

    private final Settings settings;
    private final RecordingStore store;
    private final RecordingFiles files;
    private final RecordingConfig config;
    private ScheduledExecutorService timer;

    RecordingRetention(Settings settings, RecordingStore store, RecordingFiles files, RecordingConfig config) {
        this.settings = settings;
        this.store = store;
        this.files = files;
        this.config = config;
    }

    void start(@Observes StartupEvent start) {
        timer = Executors.newSingleThreadScheduledExecutor(
                AppThreads.withAppClassLoader(Thread.ofPlatform().name("recording-retention").daemon().factory()));
        long every = config.purgeInterval().toMillis();
        timer.scheduleWithFixedDelay(this::purgeLogged, Math.min(every, 60_000), every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer != null) timer.shutdownNow();
    }

    private void purgeLogged() {
        try {
            int purged = purge(OffsetDateTime.now(ZoneOffset.UTC));
            if (purged > 0) LOG.infof("retention: %d recording(s) deleted", purged);
        } catch (Exception e) {
            LOG.warnf("recording retention purge failed: %s", e.getMessage());
        }
    }

    /** Deletes what ended before {@code now} minus the retention; returns how many. Nothing without a retention. */
    int purge(OffsetDateTime now) throws Exception {
        Optional<Integer> days = settings.recordingRetentionDays();
        if (days.isEmpty()) return 0;
        int purged = 0;
        while (true) {
            List<RecordingRow> old = store.endedBefore(now.minusDays(days.get()), BATCH);
            for (RecordingRow row : old) {
                files.delete(row);
                purged++;
            }
            if (old.size() < BATCH) return purged;
        }
    }
}
