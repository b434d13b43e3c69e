package io.callbridge.flow.verbs;

import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowStep;
import io.callbridge.flow.FlowVerb;
import io.callbridge.flow.TwimlAttributes;
import io.callbridge.flow.TwimlNode;
import io.callbridge.recording.MessageRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * {@code <Record>}: records what the caller says (after a beep unless {@code playBeep="false"}) until
 * {@code maxLength} seconds (default 3600), {@code timeout} seconds of silence (default 5; 0 for none) or a key of
 * {@code finishOnKey} (default any of {@code 0-9*#}; empty for none), then requests {@code action} (default: the
 * current document) with {@code method} (default POST) and {@code RecordingUrl}, {@code RecordingDuration} (s),
 * {@code RecordingSid} and {@code Digits} (the key that ended it, if any). {@code trim} (default
 * {@code trim-silence}) cuts leading and trailing silence. {@code recordingStatusCallback} receives Twilio's
 * recording status form when the file is ready. An empty message goes on with the next verb, as on Twilio. The
 * message is a recording of the recordings API (source {@code twiml}). Source:
 * https://www.twilio.com/docs/voice/twiml/record
 */
@ApplicationScoped
public class RecordVerb implements FlowVerb {

    private static final Logger LOG = Logger.getLogger(RecordVerb.class);

    static final int MAX_LENGTH = 14400;
    static final String KEYS = "0123456789*#";

    private final MessageRecorder recorder;
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();

    RecordVerb(MessageRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public String name() {
        return "Record";
    }

    @Override
    public CompletionStage<FlowStep> execute(FlowCall call, TwimlNode verb) {
        int maxLength = TwimlAttributes.integer(verb, "maxLength", 3600, 1, MAX_LENGTH);
        int timeout = TwimlAttributes.integer(verb, "timeout", 5, 0, 3600);
        String finishOnKey = verb.attribute("finishOnKey", KEYS);
        for (char c : finishOnKey.toCharArray()) {
            if (KEYS.indexOf(c) < 0) throw TwimlAttributes.invalid(verb, "finishOnKey", "may hold only 0-9, * and #");
        }
        boolean beep = TwimlAttributes.bool(verb, "playBeep", true);
        boolean trim = TwimlAttributes.oneOf(verb, "trim", "trim-silence", "trim-silence", "do-not-trim")
                .equals("trim-silence");
        String method = TwimlAttributes.method(verb, "method", "POST");
        TwimlAttributes.method(verb, "recordingStatusCallbackMethod", "POST"); // checked; the callback is POSTed
        String action = verb.attributes().get("action");
        String callback = verb.attributes().get("recordingStatusCallback");
        MessageRecorder.Request request = new MessageRecorder.Request(maxLength, timeout, beep, trim,
                callback == null || callback.isBlank() ? null : call.resolve(callback.strip()));
        return new Recording(call, request, finishOnKey,
                action == null || action.isBlank() ? null : action.strip(), method).start();
    }

    /** One {@code <Record>} on a call. Fields are touched on the call's executor, {@link #sid} also off it. */
    private final class Recording {
        private final FlowCall call;
        private final MessageRecorder.Request request;
        private final String finishOnKey;
        private final String action;
        private final String method;
        private final CompletableFuture<FlowStep> result = new CompletableFuture<>();
        private volatile String sid;
        /** The recording is to end: the flow was taken away, or a finishing key came before Asterisk started it. */
        private volatile boolean over;
        private String digits;

        Recording(FlowCall call, MessageRecorder.Request request, String finishOnKey, String action, String method) {
            this.call = call;
            this.request = request;
            this.finishOnKey = finishOnKey;
            this.action = action;
            this.method = method;
        }

        CompletionStage<FlowStep> start() {
            call.onInterrupt(() -> {
                over = true;
                stop();
                result.complete(FlowStep.END); // the message is still kept, and its status callback sent
            });
            call.onCallerDigit(key -> {
                if (digits == null && finishOnKey.indexOf(key) >= 0) {
                    digits = String.valueOf(key);
                    over = true;
                    stop();
                }
            });
            blocking.execute(this::run);
            return result;
        }

        private void run() {
            try {
                sid = recorder.start(call.session(), request);
                if (over) recorder.stop(sid);
                MessageRecorder.Message message = recorder.awaitEnd(sid, request);
                call.session().submit(() -> finished(message));
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                LOG.warnf("call %s: <Record> failed: %s", call.callSid(), e.getMessage());
                call.session().submit(() -> result.complete(FlowStep.NEXT));
            }
        }

        private void stop() {
            String s = sid;
            if (s != null) blocking.execute(() -> recorder.stop(s));
        }

        private void finished(MessageRecorder.Message message) {
            if (result.isDone()) return;
            if (message.durationMs() == 0) {
                result.complete(FlowStep.NEXT); // Twilio does not request the action for an empty recording
                return;
            }
            Map<String, String> parameters = new HashMap<>();
            parameters.put("RecordingUrl", message.url());
            parameters.put("RecordingDuration", String.valueOf((message.durationMs() + 500) / 1000));
            parameters.put("RecordingSid", message.sid());
            if (digits != null) parameters.put("Digits", digits);
            result.complete(new FlowStep.Fetch(action, method, parameters));
        }
    }
}
