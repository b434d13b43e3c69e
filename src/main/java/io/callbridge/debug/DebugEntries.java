package io.callbridge.debug;

import io.callbridge.AppThreads;
import io.callbridge.audit.Actor;
import io.callbridge.audit.AuditLog;
import io.callbridge.sip.KamailioRpc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Debug entries: stored in {@code debug_entry}, applied to Kamailio (the htable "debug" its siptrace filter reads,
 * kamailio/capture.cfg, and siptrace's on/off switch) and to the app's log level. Kamailio expires each htable
 * item by itself at the entry's end; the sync ({@link DebugConfig#sync()}) applies the stored entries again (a
 * restarted Kamailio has none), switches tracing and verbose logs off when none is live, and deletes expired
 * rows and old captured messages. Kamailio being down never fails a request: the entry is stored and applied
 * by the next sync.
 */
@ApplicationScoped
public class DebugEntries {

    private static final Logger LOG = Logger.getLogger(DebugEntries.class);
    static final String AUDIT_CREATE = "debug.create";
    static final String AUDIT_DELETE = "debug.delete";
    /** How long a request waits for Kamailio to be told (a few JSON-RPC calls, each bounded by its timeout). */
    private static final long SYNC_WAIT_SECONDS = 15;
    private static final String COLUMNS = "id, number, call_sid, sip_call_id, created_at, expires_at";

    private final DataSource db;
    private final KamailioRpc kamailio;
    private final AuditLog audit;
    private final DebugConfig config;
    private final VerboseLogs verbose;
    private ScheduledExecutorService syncer;
    /** Logged once per outage, not every sync. */
    private volatile boolean failing;

    DebugEntries(DataSource db, KamailioRpc kamailio, AuditLog audit, DebugConfig config) {
        this.db = db;
        this.kamailio = kamailio;
        this.audit = audit;
        this.config = config;
        this.verbose = new VerboseLogs(config.verboseCategory());
    }

    void start(@Observes StartupEvent startup) {
        syncer = Executors.newSingleThreadScheduledExecutor(
                AppThreads.withAppClassLoader(Thread.ofPlatform().name("debug-sync").daemon().factory()));
        long every = config.sync().toMillis();
        syncer.scheduleWithFixedDelay(this::sync, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (syncer != null) syncer.shutdownNow();
    }

    /**
     * Stores an entry for {@code number} or the call with SIP Call-ID {@code sipCallId} (and {@code callSid}),
     * lasting {@code seconds}, and applies it (Kamailio's part best effort: see the class comment).
     */
    public DebugEntry create(Actor actor, String number, String callSid, String sipCallId, long seconds) {
        // Committed before Kamailio hears of it, so that a sync never finds Kamailio ahead of the table.
        DebugEntry entry = QuarkusTransaction.requiringNew().call(() -> {
            DebugEntry stored;
            try (Connection c = db.getConnection();
                 PreparedStatement s = c.prepareStatement("insert into debug_entry (number, call_sid, sip_call_id, "
                         + "expires_at) values (?, ?, ?, now() + make_interval(secs => ?)) returning " + COLUMNS)) {
                s.setString(1, number);
                s.setString(2, callSid);
                s.setString(3, sipCallId);
                s.setLong(4, seconds);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    stored = entry(r);
                }
            }
            audit.record(actor, AUDIT_CREATE, "debug/" + stored.id(), null, stored);
            return stored;
        });
        verbose.on();
        onSyncer(this::sync);
        LOG.infof("debug mode on for %s until %s", entry.number() != null ? entry.number() : entry.callSid(), entry.expiresAt());
        return entry;
    }

    /** The live entries, the soonest to end first. */
    public List<DebugEntry> live() throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from debug_entry where expires_at > now() "
                     + "order by expires_at, id")) {
            List<DebugEntry> entries = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) entries.add(entry(r));
            }
            return entries;
        }
    }

    /** The live entry {@code id}, if there is one. */
    public Optional<DebugEntry> find(long id) throws SQLException {
        return live().stream().filter(e -> e.id() == id).findFirst();
    }

    /** Ends entry {@code id} now; false when there is no live entry {@code id}. */
    public boolean delete(Actor actor, long id) throws SQLException {
        Optional<DebugEntry> entry = find(id);
        if (entry.isEmpty()) return false;
        boolean deleted = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = db.getConnection();
                 PreparedStatement s = c.prepareStatement("delete from debug_entry where id = ?")) {
                s.setLong(1, id);
                if (s.executeUpdate() == 0) return false; // ended or deleted meanwhile
            }
            audit.record(actor, AUDIT_DELETE, "debug/" + id, entry.get(), null);
            return true;
        });
        if (!deleted) return false;
        onSyncer(() -> {
            try {
                for (String key : entry.get().kamailioKeys()) kamailio.call("htable.delete", "debug", key);
            } catch (KamailioRpc.RpcException e) {
                LOG.warnf("debug entry %d deleted, but Kamailio could not be told (its item expires by itself): %s", id,
                        e.getMessage());
            }
            sync(); // another entry may share a key; tracing may have to go off
        });
        return true;
    }

    /**
     * Runs {@code work} on the sync's thread and waits for it: Kamailio is only ever told from there, so a sync
     * that read the table a moment before a change cannot undo what the change told Kamailio.
     */
    private void onSyncer(Runnable work) {
        try {
            syncer.submit(work).get(SYNC_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warnf("applying debug entries did not finish (the sync retries): %s", e.toString());
        }
    }

    /** Applies the stored entries again, switches tracing and logs, and cleans up; never throws. */
    void sync() {
        try {
            List<DebugEntry> live;
            try (Connection c = db.getConnection()) {
                try (PreparedStatement s = c.prepareStatement("delete from debug_entry where expires_at <= now()")) {
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("delete from kamailio.sip_trace where time_stamp < "
                        + "localtimestamp - make_interval(secs => ?)")) {
                    s.setLong(1, config.traceRetention().toSeconds());
                    s.executeUpdate();
                } catch (SQLException e) {
                    // a database without Kamailio's schema (an app run without the edge): nothing to clean
                }
                live = live();
            }
            if (live.isEmpty()) verbose.off();
            else verbose.on();
            apply(live);
            tracing(!live.isEmpty());
            if (failing) LOG.info("debug entries applied to Kamailio again");
            failing = false;
        } catch (Exception e) {
            if (!failing) LOG.warnf("applying debug entries failed (retrying every %s): %s", config.sync(), e.toString());
            failing = true;
        }
    }

    /** Sets each entry's htable items with what is left of its time (the longest last, where keys are shared). */
    private void apply(List<DebugEntry> entries) {
        OffsetDateTime now = OffsetDateTime.now();
        for (DebugEntry e : entries.stream().sorted(java.util.Comparator.comparing(DebugEntry::expiresAt)).toList()) {
            long left = Math.max(1, Duration.between(now, e.expiresAt()).toSeconds());
            for (String key : e.kamailioKeys()) kamailio.call("htable.setxs", "debug", key, String.valueOf(e.id()), left);
        }
    }

    private void tracing(boolean on) {
        kamailio.call("siptrace.status", on ? "on" : "off");
    }

    private static DebugEntry entry(ResultSet r) throws SQLException {
        return new DebugEntry(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                r.getObject(5, OffsetDateTime.class), r.getObject(6, OffsetDateTime.class));
    }
}
