package io.callbridge.flow.verbs;

import io.callbridge.ari.AriChannels;
import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowStep;
import io.callbridge.flow.FlowVerb;
import io.callbridge.flow.TwimlAttributes;
import io.callbridge.flow.TwimlException;
import io.callbridge.flow.TwimlNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * {@code <Play loop digits>url</Play>}: plays the audio at the URL (WAV or MP3 over http or https, relative to the
 * document; or {@code sound:NAME}, one of Asterisk's sounds) {@code loop} times (default 1; 0 repeats it
 * {@link SayVerb#LOOP_FOREVER} times). With {@code digits} it sends those DTMF keys to the caller instead (RFC 4733
 * through Asterisk; {@code w} waits half a second), then waits until they have been sent. Source:
 * https://www.twilio.com/docs/voice/twiml/play
 */
@ApplicationScoped
public class PlayVerb implements FlowVerb {

    private static final Logger LOG = Logger.getLogger(PlayVerb.class);

    static final Pattern DIGITS = Pattern.compile("[0-9*#wW]{1,64}");
    /** Asterisk's ARI DTMF defaults: 100 ms per key and 100 ms between keys; {@code w} is 500 ms, {@code W} 1 s. */
    static final long KEY_MS = 200;

    private final PromptPlayer player;
    private final AriChannels channels;

    PlayVerb(PromptPlayer player, AriChannels channels) {
        this.player = player;
        this.channels = channels;
    }

    @Override
    public String name() {
        return "Play";
    }

    @Override
    public CompletionStage<FlowStep> execute(FlowCall call, TwimlNode verb) {
        int loop = TwimlAttributes.integer(verb, "loop", 1, 0, SayVerb.MAX_LOOP);
        String digits = verb.attributes().get("digits");
        if (digits != null) {
            if (!DIGITS.matcher(digits.strip()).matches()) {
                throw TwimlAttributes.invalid(verb, "digits", "must be 1 to 64 of 0-9, *, #, w and W");
            }
            return sendDigits(call, digits.strip());
        }
        if (verb.text().isBlank()) throw new TwimlException("<Play> needs an audio URL or digits");
        String url = verb.text().startsWith("sound:") ? verb.text() : call.resolve(verb.text());
        return player.play(call, "<Play>", prompts -> prompts.audio(url), loop == 0 ? SayVerb.LOOP_FOREVER : loop);
    }

    private CompletionStage<FlowStep> sendDigits(FlowCall call, String digits) {
        CompletableFuture<FlowStep> done = new CompletableFuture<>();
        call.onInterrupt(() -> done.complete(FlowStep.NEXT));
        try {
            channels.sendDtmf(call.session().channelId(), digits);
        } catch (Exception e) {
            LOG.warnf("call %s: sending digits %s failed: %s", call.callSid(), digits, e.getMessage());
            return CompletableFuture.completedFuture(FlowStep.NEXT);
        }
        // ARI answers at once and Asterisk sends the keys after it: wait as long as sending them takes.
        call.session().after(Duration.ofMillis(sendingMillis(digits)), () -> done.complete(FlowStep.NEXT));
        return done;
    }

    /** How long Asterisk takes to send {@code digits}, in milliseconds. */
    static long sendingMillis(String digits) {
        long ms = 0;
        for (char c : digits.toCharArray()) ms += c == 'w' ? 500 : c == 'W' ? 1000 : KEY_MS;
        return ms;
    }
}
