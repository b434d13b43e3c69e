package io.callbridge.flow.verbs;

import io.callbridge.flow.FlowCall;
import io.callbridge.flow.TwimlAttributes;
import io.callbridge.flow.TwimlNode;
import io.callbridge.recording.Recorder;
import io.callbridge.recording.RecordingRow;
import org.jboss.logging.Logger;

/**
 * {@code <Dial record>}: records the dialled call with the call recorder ({@link Recorder}, source {@code dial}):
 * {@code record-from-answer} and {@code record-from-answer-dual} from the moment a target answers,
 * {@code record-from-ringing} and {@code record-from-ringing-dual} from the start of the dial (the caller hears
 * ringback), each until the dial ends; {@code do-not-record} (the default) records nothing. Recordings are always
 * two channels (the caller left, the dialled party right), so the mono and dual variants give the same file.
 * {@code recordingStatusCallback} receives Twilio's recording status form ({@code RecordingSource=DialVerb}).
 * A call that is recorded already (its route records every call) keeps that recording and gets no second one.
 * Source: https://www.twilio.com/docs/voice/twiml/dial#record.
 */
final class DialRecording {

    private static final Logger LOG = Logger.getLogger(DialRecording.class);

    /** Twilio's values of {@code record}. */
    private static final String[] VALUES = {"do-not-record", "record-from-answer", "record-from-answer-dual",
            "record-from-ringing", "record-from-ringing-dual"};

    /** When the recording starts. */
    enum From { NONE, ANSWER, RINGING }

    private final Recorder recorder;
    private final FlowCall call;
    private final From from;
    private final String statusCallback;
    private String sid;

    private DialRecording(Recorder recorder, FlowCall call, From from, String statusCallback) {
        this.recorder = recorder;
        this.call = call;
        this.from = from;
        this.statusCallback = statusCallback;
    }

    /** Reads {@code record} and {@code recordingStatusCallback} of {@code verb}; a bad value is a TwimlException. */
    static DialRecording of(Recorder recorder, FlowCall call, TwimlNode verb) {
        String record = TwimlAttributes.oneOf(verb, "record", "do-not-record", VALUES);
        From from = record.startsWith("record-from-answer") ? From.ANSWER
                : record.startsWith("record-from-ringing") ? From.RINGING : From.NONE;
        String callback = verb.attributes().get("recordingStatusCallback");
        TwimlAttributes.method(verb, "recordingStatusCallbackMethod", "POST"); // checked; the form is always POSTed
        return new DialRecording(recorder, call, from,
                callback == null || callback.isBlank() ? null : call.resolve(callback.strip()));
    }

    /** Checks {@code record} only (when the document is read, before any call runs it). */
    static void check(TwimlNode verb) {
        TwimlAttributes.oneOf(verb, "record", "do-not-record", VALUES);
    }

    /** The dial starts: {@code record-from-ringing} starts recording now. */
    void dialing() {
        if (from == From.RINGING) start();
    }

    /** A target answered: {@code record-from-answer} starts recording now. */
    void answered() {
        if (from == From.ANSWER) start();
    }

    /** The dial is over: a recording it started stops (its file and callback follow). */
    void ended() {
        if (sid == null) return;
        try {
            recorder.stop(call.session().callSid(), sid, "the dial ended");
        } catch (Recorder.RefusedException e) {
            LOG.debugf("recording %s of the dial ended already: %s", sid, e.getMessage());
        } catch (Exception e) {
            LOG.warnf("stopping recording %s of the dial failed: %s", sid, e.getMessage());
        }
        sid = null;
    }

    private void start() {
        try {
            RecordingRow row = recorder.start(call.session().callSid(), Recorder.Source.DIAL, statusCallback);
            sid = row.sid();
        } catch (Recorder.RefusedException e) {
            LOG.infof("<Dial record>: not recorded: %s", e.getMessage());
        } catch (Exception e) {
            LOG.warnf("<Dial record>: recording failed: %s", e.getMessage());
        }
    }
}
