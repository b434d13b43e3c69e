package io.callbridge.call;

import io.callbridge.ari.AriChannels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * What a phone is told about its REFER (the NOTIFYs with a sipfrag, RFC 3515 2.4.5), reported to Asterisk over
 * ARI ({@code POST /channels/{id}/transfer_progress}) in an order the phone receives intact.
 *
 * <p>Why not just report the outcome: with {@code PJSIP_TRANSFER_HANDLING()=ari-only}, Asterisk 22 sends no
 * NOTIFY when it accepts the REFER; the first progress the app reports sends a deferred "100 Trying" NOTIFY and
 * then, in the same instant, the NOTIFY for that progress (res_pjsip_refer.c, {@code refer_progress_notify}).
 * Kamailio relays the two with different worker processes, so the phone can get the outcome before the
 * "100 Trying": it then sees a second "100 Trying" as the last word on its transfer. So the app first reports
 * {@code channel_progress} (the "100 Trying" alone), and holds the outcome until Asterisk's ChannelTransfer
 * event echoing that progress shows the NOTIFY has left, at most {@link #ECHO_WAIT_MS} ms.
 *
 * <p>Keyed by the referring phone's channel id. Thread-safe: reports come from the executors of the calls
 * involved (an attended transfer spans two calls).
 */
@ApplicationScoped
class ReferProgress {

    private static final Logger LOG = Logger.getLogger(ReferProgress.class);
    /** ARI's progress states ({@code transfer_progress?states=}): the one that makes the "100 Trying" NOTIFY. */
    static final String PROGRESS = "channel_progress";
    /** How long an outcome waits for the echo of the progress before it goes anyway (ms). */
    static final long ECHO_WAIT_MS = 2000;

    private final Reporter reporter;
    private final Map<String, Report> open = new ConcurrentHashMap<>();

    @Inject
    ReferProgress(AriChannels channels) {
        this(channels::transferProgress);
    }

    ReferProgress(Reporter reporter) {
        this.reporter = reporter;
    }

    /** Where a progress goes: ARI's {@code transfer_progress} of the channel, {@code states=state}. */
    @FunctionalInterface
    interface Reporter {
        void report(String channelId, String state) throws Exception;
    }

    /** A REFER arrived on {@code channelId}: the phone is told "100 Trying" now, on its own. */
    void accepted(String channelId) {
        Report fresh = new Report(channelId);
        if (open.putIfAbsent(channelId, fresh) == null) send(channelId, PROGRESS);
    }

    /**
     * The REFER's outcome ({@code channel_answered}, {@code channel_declined} or {@code channel_unavailable}):
     * sent once the "100 Trying" is out. An outcome without {@link #accepted} first sends the progress itself.
     */
    void outcome(String channelId, String state) {
        accepted(channelId);
        Report report = open.get(channelId);
        if (report == null) { // reported twice: the first went out and closed the report
            LOG.debugf("REFER outcome %s on %s after the first one: dropped", state, channelId);
            return;
        }
        if (report.hold(state)) {
            CompletableFuture.delayedExecutor(ECHO_WAIT_MS, TimeUnit.MILLISECONDS).execute(() -> {
                if (report.release()) {
                    LOG.debugf("no echo of the REFER progress on %s within %d ms: its outcome goes now", channelId, ECHO_WAIT_MS);
                    finish(report);
                }
            });
        } else {
            finish(report);
        }
    }

    /** Asterisk echoed {@code state} for the REFER on {@code channelId} (a ChannelTransfer event). */
    void echoed(String channelId, String state) {
        if (!PROGRESS.equals(state)) return;
        Report report = open.get(channelId);
        if (report != null && report.echoed()) finish(report);
    }

    private void finish(Report report) {
        open.remove(report.channelId, report);
        send(report.channelId, report.outcome());
    }

    private void send(String channelId, String state) {
        try {
            reporter.report(channelId, state);
        } catch (Exception e) {
            LOG.warnf("telling the phone %s about its transfer failed: %s", state, e.getMessage());
        }
    }

    /** One REFER's reports: whether the progress came back, and an outcome held until it does. */
    private static final class Report {
        final String channelId;
        private boolean echoed;
        private String outcome;
        private boolean sent;

        Report(String channelId) {
            this.channelId = channelId;
        }

        /** True when the outcome must wait for the echo; false when it may go now. */
        synchronized boolean hold(String state) {
            outcome = state;
            if (echoed) {
                sent = true;
                return false;
            }
            return true;
        }

        /** True when a held outcome is to go now (the echo came). */
        synchronized boolean echoed() {
            echoed = true;
            if (outcome == null || sent) return false;
            sent = true;
            return true;
        }

        /** True when a held outcome is still unsent after the wait. */
        synchronized boolean release() {
            if (sent) return false;
            sent = true;
            return true;
        }

        synchronized String outcome() {
            return outcome;
        }
    }
}
