package io.callbridge.recording;

import io.callbridge.ari.AriEvent;
import io.callbridge.ari.AriEventListener;
import io.callbridge.ari.AriLink;
import io.callbridge.ari.AriRecordings;
import io.callbridge.ari.Ownership;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Ends recordings when their call does, and finishes the ones a restart interrupted. A caller's channel
 * leaving our application, or one of a recording's snoop channels going (Asterisk hangs them up with the
 * channel they spy on), stops the recording. After every (re)connect of the events socket, this instance's
 * open recordings are checked: one whose snoop channels still run is watched again (the call goes on, and
 * Asterisk kept recording while the app was away); one whose snoop channels are gone is finished from the
 * files Asterisk stored; a {@code <Record>} message this process is not waiting for is kept from its file. Work runs
 * off the events thread.
 */
@ApplicationScoped
class RecordingEvents implements AriEventListener {

    private static final Logger LOG = Logger.getLogger(RecordingEvents.class);

    private final Recorder recorder;
    private final RecordingStore store;
    private final AriRecordings ari;
    private final Ownership ownership;
    private final RecordingFinisher finisher;
    private final MessageRecorder messages;
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

    RecordingEvents(Recorder recorder, RecordingStore store, AriRecordings ari, Ownership ownership,
                    RecordingFinisher finisher, MessageRecorder messages) {
        this.recorder = recorder;
        this.messages = messages;
        this.store = store;
        this.ari = ari;
        this.ownership = ownership;
        this.finisher = finisher;
    }

    @Override
    public void onAriEvent(AriEvent event) {
        if (!(event instanceof AriEvent.StasisEnd end)) return;
        String id = end.channelId();
        run(() -> {
            if (id.startsWith(AriRecordings.SNOOP_PREFIX)) {
                snoopGone(id);
            } else {
                recorder.channelGone(id);
            }
        });
    }

    /** After call recovery (default priority), which adopts calls and hangs up what belongs to none. */
    void onLinkUp(@Observes @Priority(3000) AriLink.Up up) {
        run(this::recover);
    }

    private void snoopGone(String snoopId) {
        String rest = snoopId.substring(AriRecordings.SNOOP_PREFIX.length());
        int dash = rest.lastIndexOf('-');
        if (dash < 0) return;
        try {
            store.find(rest.substring(0, dash)).filter(RecordingRow::isOpen)
                    .ifPresent(row -> recorder.stopped(row, "its snoop channel ended"));
        } catch (Exception e) {
            LOG.warnf("ending the recording of snoop channel %s failed: %s", snoopId, e.getMessage());
        }
    }

    private void recover() {
        try {
            int watched = 0;
            int finished = 0;
            for (RecordingRow row : store.openOf(ownership.instanceId())) {
                if (MessageRecorder.SOURCE.equals(row.source())) {
                    found(row); // a <Record> message has no snoop channels
                    continue;
                }
                if (ari.exists(row.callerSnoop()) && ari.exists(row.otherSnoop())) {
                    recorder.adopt(row);
                    watched++;
                } else {
                    recorder.stopped(row, "found ended after a restart"); // hands it to the finisher
                    finished++;
                }
            }
            for (RecordingRow row : store.processingOf(ownership.instanceId())) {
                if (MessageRecorder.SOURCE.equals(row.source())) {
                    found(row);
                    continue;
                }
                finisher.finish(row.sid()); // does nothing for one the loop above handed over already
            }
            if (watched + finished > 0) {
                LOG.infof("recordings after ARI connect: %d still running, %d finished from Asterisk's files", watched, finished);
            }
        } catch (Exception e) {
            LOG.errorf(e, "checking this instance's open recordings failed");
        }
    }

    /** A {@code <Record>} message this process is not waiting for (it was started before a restart): kept now. */
    private void found(RecordingRow row) {
        if (messages.isRunning(row.sid())) return;
        run(() -> {
            try {
                messages.finishFound(row.sid());
            } catch (Exception e) {
                LOG.warnf("keeping message %s found after a restart failed: %s", row.sid(), e.getMessage());
            }
        });
    }

    private void run(Runnable task) {
        try {
            work.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("recording event dropped: the app is stopping");
        }
    }
}
