package io.callbridge.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Tells the tables the app keeps in memory ({@link #TABLES}) that they changed, whoever changed them:
 * LISTENs on a dedicated connection to the channel the V11 and V12 triggers notify, and fires
 * {@link TableChanged} for each table named. Never stale for more than a second:
 * <ul>
 *   <li>on every (re)connect it LISTENs first and then fires for every table (a full reload), so no change
 *       slips between a reload and the next notification;</li>
 *   <li>every {@link #HEARTBEAT_MILLIS} it runs {@code select 1} on that connection, with a network timeout of
 *       {@link #NETWORK_TIMEOUT_MILLIS}: PostgreSQL delivers pending notifications before it answers a query, so
 *       an answer proves that every change committed before it was seen, and a connection that no longer
 *       answers (killed, or a network gone silent) is dropped within that bound;</li>
 *   <li>while it has no connection it fires for every table every {@link #RETRY_MILLIS} and tries again to
 *       connect.</li>
 * </ul>
 * The connection is opened with the datasource's URL and credentials but outside its pool: it is held for the
 * life of the app and must never be handed to anyone else.
 */
@ApplicationScoped
public class TableChanges {

    /**
     * The tables the V11 (routes, blocklist), V12 (runtime settings) and V13 (music-on-hold classes) triggers report,
     * Kamailio's registrations (kamailio/schema/40-sms-location-notify.sql: waiting SMS go when a user registers),
     * the carrier trunks (V24: calls from a trunk are read with its country code and national prefix) and the
     * stored API keys (V26).
     */
    public static final Set<String> TABLES = Set.of("routes", "blocked_numbers", "settings", "moh_classes", "location",
            "trunk", "api_keys");

    static final String CHANNEL = "callbridge_table_change";
    static final int HEARTBEAT_MILLIS = 250;
    static final int NETWORK_TIMEOUT_MILLIS = 500;
    static final long RETRY_MILLIS = 500;

    private static final Logger LOG = Logger.getLogger(TableChanges.class);

    private final Event<TableChanged> changed;
    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile Connection connection;
    private volatile boolean listening;
    /** Tables whose last reload failed: reloaded again at the next heartbeat. Listener thread only. */
    private final Set<String> failed = new HashSet<>();

    TableChanges(Event<TableChanged> changed,
                 @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
                 @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                 @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.changed = changed;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Early (before ARI connects and calls arrive), so the first calls find the tables listened to. */
    void onStart(@Observes @Priority(200) StartupEvent start) {
        running = true;
        thread = Thread.ofPlatform().daemon().name("table-changes").start(this::run);
    }

    void onStop(@Observes ShutdownEvent stop) {
        running = false;
        Thread t = thread;
        if (t != null) t.interrupt();
        closeQuietly(connection);
    }

    /** Whether the listener connection is up (LISTEN issued and answering). */
    public boolean isListening() {
        return listening;
    }

    private void run() {
        while (running) {
            long listeningSince = 0;
            try (Connection c = connect()) {
                connection = c;
                listeningSince = System.nanoTime();
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (!running) return;
                if (listening) LOG.warnf("table change listener lost its connection: %s; reloading every half second", e.getMessage());
                else LOG.debugf("table change listener cannot connect: %s", e.getMessage());
            } finally {
                listening = false;
                connection = null;
            }
            if (!running) return;
            // Nobody tells us about changes now: reload everything, and every half second until the connection is back.
            fireAll();
            boolean longLived = listeningSince != 0 && System.nanoTime() - listeningSince > TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
            if (!longLived) pause(); // a connection just lost is retried at once, a failing one every half second
        }
    }

    private void listen(Connection c) throws SQLException {
        c.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS); // pgjdbc only needs an executor, not a thread
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        listening = true;
        LOG.infof("listening for changes of %s", TABLES);
        fireAll(); // after LISTEN: whatever changed while no one listened is in this reload
        long nextHeartbeat = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS);
        while (running) {
            long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextHeartbeat - System.nanoTime()));
            fire(pg.getNotifications((int) Math.min(wait, HEARTBEAT_MILLIS)));
            if (System.nanoTime() - nextHeartbeat >= 0) {
                try (Statement s = c.createStatement()) {
                    s.execute("select 1");
                }
                fire(pg.getNotifications()); // those delivered before the answer
                Set<String> retry = Set.copyOf(failed);
                retry.forEach(this::fire); // reloads that failed (the pool busy, a query refused) are tried again
                nextHeartbeat = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS);
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        user.ifPresent(u -> p.setProperty("user", u));
        password.ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("ApplicationName", "callbridge table changes");
        p.setProperty("connectTimeout", "1");
        p.setProperty("tcpKeepAlive", "true");
        Connection c = new org.postgresql.Driver().connect(url, p);
        if (c == null) throw new SQLException("not a PostgreSQL URL: " + url);
        return c;
    }

    private void fire(PGNotification[] notifications) {
        if (notifications == null || notifications.length == 0) return;
        Set<String> tables = new HashSet<>();
        for (PGNotification n : notifications) {
            if (TABLES.contains(n.getParameter())) tables.add(n.getParameter());
        }
        tables.forEach(this::fire);
    }

    private void fireAll() {
        TABLES.forEach(this::fire);
    }

    /** A failing observer (the database gone mid-reload) must not stop the listener; it is retried. */
    private void fire(String table) {
        try {
            changed.fire(new TableChanged(table));
            failed.remove(table);
        } catch (RuntimeException e) {
            if (failed.add(table)) LOG.warnf("reloading %s failed: %s; retried until it works", table, e.getMessage());
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debugf("closing the listener connection: %s", e.getMessage());
        }
    }
}
