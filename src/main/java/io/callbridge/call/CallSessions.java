package io.callbridge.call;

import io.callbridge.AppThreads;
import io.callbridge.ari.AriBridges;
import io.callbridge.ari.AriChannels;
import io.callbridge.ari.Ownership;
import java.time.Instant;
import io.callbridge.media.AsteriskMediaSockets;
import io.callbridge.media.MediaConfig;
import io.callbridge.quality.CallerLegSampler;
import io.callbridge.media.PlayoutClock;
import io.callbridge.media.RtpEndpoint;
import io.callbridge.stream.AgentConnector;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;

/** Creates call sessions and owns the pool their tasks run on (virtual threads: ARI calls block). */
@ApplicationScoped
public class CallSessions {

    private static final Logger LOG = Logger.getLogger(CallSessions.class);

    private final ExecutorService pool = Executors.newThreadPerTaskExecutor(
            AppThreads.withAppClassLoader(Thread.ofVirtual().name("call-", 0).factory()));
    /** Calls' timers (ring timeouts); a task only hands work to its call's executor. */
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            AppThreads.withAppClassLoader(Thread.ofPlatform().name("call-timers").daemon().factory()));
    private final CallSession.Services services;

    CallSessions(AriChannels channels, CdrWriter cdr, CallRegistry registry, CallMetrics metrics, Ownership ownership,
                 CallerLegSampler quality) {
        this.services = new CallSession.Services(channels, cdr, registry, metrics, pool, timers, ownership, quality);
    }

    /** A new session, registered at once so that the call's next events find it. */
    CallSession create(String channelId, Direction direction, String from, String to) {
        CallSession call = new CallSession(services, channelId, direction, from, to);
        services.registry().add(call);
        return call;
    }

    /** A call this instance had before a restart, registered under its old callSid (see CallAdoption). */
    CallSession adopt(OpenCdr cdr, String channelId, Direction direction, String from, String to, Instant startedAt,
                      Instant answeredAt) {
        CallSession call = CallSession.adopted(services, cdr, channelId, direction, from, to, startedAt, answeredAt);
        services.registry().add(call);
        return call;
    }

    /** Hangs up a channel no call owns, off the caller's thread (ARI calls block). */
    void hangUpStray(String channelId) {
        pool.execute(() -> {
            try {
                services.channels().hangup(channelId, HangupCauses.Reason.NORMAL.ari);
            } catch (Exception e) {
                LOG.warnf("hanging up stray channel %s failed: %s", channelId, e.getMessage());
            }
        });
    }

    /** What every call's media bridge uses (InboundFlow builds the bridges). */
    @Produces
    @Singleton
    MediaBridge.Services mediaServices(AriChannels channels, AriBridges bridges, RtpEndpoint rtp, PlayoutClock clock,
                                       AgentConnector agents, MediaConfig config, Ownership ownership,
                                       AsteriskMediaSockets sockets) {
        return new MediaBridge.Services(channels, bridges, rtp, clock, agents, config, ownership, sockets);
    }

    @PreDestroy
    void stop() {
        timers.shutdownNow();
        pool.shutdown();
    }
}
