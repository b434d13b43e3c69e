package io.callbridge.flow.verbs;

import io.callbridge.flow.FlowCall;
import io.callbridge.flow.FlowPlaybacks;
import io.callbridge.flow.FlowStep;
import io.callbridge.prompt.PromptMedia;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Plays a prompt ({@code <Say>}'s speech, {@code <Play>}'s audio) to a flow's caller {@code times} times: the media
 * is produced on a virtual thread (rendering and fetching block), then played on the call's executor. A prompt that
 * cannot be produced (an unreachable URL, audio that does not decode) is logged and skipped, so the flow goes on
 * with its next verb; an interruption (a key in {@code <Gather>}, a redirect, a hang-up) stops it at once.
 */
@ApplicationScoped
public class PromptPlayer {

    private static final Logger LOG = Logger.getLogger(PromptPlayer.class);

    private final PromptMedia prompts;
    private final FlowPlaybacks playbacks;
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();

    PromptPlayer(PromptMedia prompts, FlowPlaybacks playbacks) {
        this.prompts = prompts;
        this.playbacks = playbacks;
    }

    /**
     * Produces the media with {@code produce} (given the {@link PromptMedia}; returns an ARI media URI) and plays it
     * {@code times} times (at least 1). {@code what} names the prompt in logs ({@code <Say>}). The stage completes
     * with {@link FlowStep#NEXT} when the last round has played, the prompt was skipped, or the flow was interrupted.
     */
    public CompletionStage<FlowStep> play(FlowCall call, String what, Function<PromptMedia, String> produce, int times) {
        CompletableFuture<FlowStep> result = new CompletableFuture<>();
        call.onInterrupt(() -> result.complete(FlowStep.NEXT));
        CompletableFuture.supplyAsync(() -> produce.apply(prompts), blocking)
                .whenComplete((media, error) -> call.session().submit(() -> {
                    if (result.isDone()) return;
                    if (error != null) {
                        Throwable cause = error.getCause() == null ? error : error.getCause();
                        LOG.warnf("call %s: %s skipped: %s", call.callSid(), what, cause.getMessage());
                        result.complete(FlowStep.NEXT);
                        return;
                    }
                    round(call, media, 1, Math.max(1, times), result);
                }));
        return result;
    }

    private void round(FlowCall call, String media, int round, int times, CompletableFuture<FlowStep> result) {
        if (result.isDone()) return;
        if (round > times) {
            result.complete(FlowStep.NEXT);
            return;
        }
        playbacks.play(call, media).whenComplete((v, error) -> call.session().submit(() -> {
            if (error != null) {
                LOG.warnf("call %s: playing %s failed: %s", call.callSid(), media, error.getMessage());
                result.complete(FlowStep.NEXT);
                return;
            }
            round(call, media, round + 1, times, result);
        }));
    }
}
