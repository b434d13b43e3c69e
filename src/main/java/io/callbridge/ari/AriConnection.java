package io.callbridge.ari;

import ch.loway.oss.ari4java.ARI;
import ch.loway.oss.ari4java.AriVersion;
import ch.loway.oss.ari4java.tools.BaseAriAction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * Owns the link to Asterisk: the ari4java {@link ARI} used for REST calls, and the events WebSocket,
 * kept up by a supervisor thread that reconnects with capped exponential backoff.
 */
@ApplicationScoped
public class AriConnection {

    private static final Logger LOG = Logger.getLogger(AriConnection.class);

    private final AriConfig config;
    private final Event<AriLink.Up> up;
    private final Event<AriLink.Down> down;
    /** Every feature that acts on ARI events, called in turn for each (see {@link AriEventListener}). */
    private final List<AriEventListener> listeners;
    private final Counter reconnects;
    private final ARI ari;
    private final AriHttpClient rest;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ari-liveness").daemon().factory());
    private volatile boolean running;
    private volatile AriEventStream stream;
    private Thread supervisor;

    AriConnection(AriConfig config, Event<AriLink.Up> up, Event<AriLink.Down> down,
                  @All List<AriEventListener> listeners, MeterRegistry meters) {
        this.config = config;
        this.up = up;
        this.down = down;
        this.listeners = List.copyOf(listeners);
        this.reconnects = Counter.builder("callbridge.ari.reconnects")
                .description("Times the ARI events socket was lost and opened again").register(meters);
        // Newer Asterisk builds may add fields the generated 10.0.0 models do not know: skip them.
        BaseAriAction.setObjectMapperLessStrict();
        this.ari = new ARI();
        ari.setAppName(config.app());
        ari.setVersion(AriVersion.ARI_10_0_0);
        AriHttpClient client = new AriHttpClient(config.url(), config.user(), config.password(), config.requestTimeout(),
                meters);
        this.rest = client;
        ari.setHttpClient(client);
        ari.setWsClient(client);
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        supervisor = Thread.ofPlatform().name("ari-supervisor").daemon().start(this::supervise);
    }

    /** Runs after call draining (which observes shutdown earlier) so hang-ups still reach Asterisk. */
    void stop(@Observes @Priority(5000) ShutdownEvent shutdown) {
        running = false;
        AriEventStream current = stream;
        if (current != null) current.close("application stopping");
        if (supervisor != null) supervisor.interrupt();
        timer.shutdownNow();
    }

    /**
     * One event to every listener in turn, on the caller's thread; one listener's failure is logged and does not
     * keep the event from the others.
     */
    static void dispatch(List<AriEventListener> listeners, AriEvent event) {
        for (AriEventListener listener : listeners) {
            try {
                listener.onAriEvent(event);
            } catch (RuntimeException e) {
                LOG.errorf(e, "ARI event %s: %s failed", event.getClass().getSimpleName(),
                        listener.getClass().getSimpleName());
            }
        }
    }

    /** For REST calls. Calls fail with {@code RestException} while Asterisk is away. */
    public ARI ari() {
        return ari;
    }

    /** The REST transport itself, for the call path's requests ({@link AriChannels}, {@link AriBridges}). */
    AriHttpClient rest() {
        return rest;
    }

    /**
     * Where the app opens the media WebSocket of a chan_websocket channel: Asterisk's HTTP server (the one
     * ARI is on), path {@code /media/<connection id>}.
     */
    String mediaSocketUrl(String connectionId) {
        String base = config.url().endsWith("/") ? config.url() : config.url() + "/";
        return base.replaceFirst("^http", "ws") + "media/" + connectionId;
    }

    /** The Stasis application's name. */
    String app() {
        return config.app();
    }

    public boolean isConnected() {
        AriEventStream current = stream;
        return current != null && !current.closed().isDone();
    }

    private void supervise() {
        Duration delay = config.reconnectMinDelay();
        boolean everConnected = false;
        while (running) {
            try {
                ari.asterisk().ping().execute(); // fails fast with a clear error on a wrong password
                AriEventStream opened = AriEventStream.open(config, timer, event -> dispatch(listeners, event));
                stream = opened;
                if (everConnected) reconnects.increment();
                everConnected = true;
                delay = config.reconnectMinDelay();
                LOG.infof("ARI events socket open (%s, app %s)", config.url(), config.app());
                up.fire(new AriLink.Up(Instant.now()));
                String why = opened.closed().join();
                if (!running) return;
                LOG.warnf("ARI events socket lost: %s", why);
                rest.reset();
                down.fire(new AriLink.Down(why));
            } catch (Exception e) {
                if (!running) return;
                LOG.warnf("ARI not reachable at %s (%s); retrying in %d ms", config.url(), rootMessage(e), delay.toMillis());
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
            delay = min(delay.multipliedBy(2), config.reconnectMaxDelay());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
