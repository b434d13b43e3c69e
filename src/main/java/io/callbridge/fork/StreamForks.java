package io.callbridge.fork;

import ch.loway.oss.ari4java.tools.RestException;
import io.callbridge.WebSocketConnects;
import io.callbridge.ari.AriBridges;
import io.callbridge.ari.AriChannels;
import io.callbridge.ari.AriEvent;
import io.callbridge.ari.AriEventListener;
import io.callbridge.ari.AriRecordings;
import io.callbridge.ari.Ownership;
import io.callbridge.call.CallConfig;
import io.callbridge.call.CallRegistry;
import io.callbridge.call.CallSession;
import io.callbridge.media.MediaFormat;
import io.callbridge.media.MediaLeg;
import io.callbridge.media.RtpEndpoint;
import io.callbridge.stream.AgentConfig;
import io.callbridge.stream.AgentStream;
import io.callbridge.webhook.TwilioSignature;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Starts and stops stream forks ({@link StreamFork}) on live calls, and ends them with their call. Up to
 * {@link #MAX_PER_CALL} forks per call, as Twilio allows. Starting and stopping make ARI requests: call from a
 * worker thread or the call's executor, never from an event loop.
 */
@ApplicationScoped
public class StreamForks implements AriEventListener {

    /** Twilio's limit of forked streams on one call. */
    public static final int MAX_PER_CALL = 4;

    /**
     * Ids of the Asterisk objects a fork makes. The snoop channel's starts with the recordings' snoop prefix and
     * the externalMedia channel's with the call's media prefix ({@code cb-em-}): call handling already takes
     * neither for a new call when it enters our Stasis application.
     */
    static final String SNOOP_PREFIX = AriRecordings.SNOOP_PREFIX + "fk-";
    static final String EXTERNAL_PREFIX = "cb-em-fk-";
    static final String BRIDGE_PREFIX = "cb-fk-";

    private static final Logger LOG = Logger.getLogger(StreamForks.class);

    private final CallRegistry calls;
    private final AriRecordings snoops;
    private final AriChannels channels;
    private final AriBridges bridges;
    private final RtpEndpoint rtp;
    private final Ownership ownership;
    private final CallConfig callConfig;
    private final AgentConfig agentConfig;
    private final Vertx vertx;
    private final WebSocketClient client;
    /** The live forks of each call, by callSid. */
    private final Map<String, List<StreamFork>> byCall = new ConcurrentHashMap<>();

    StreamForks(CallRegistry calls, AriRecordings snoops, AriChannels channels, AriBridges bridges, RtpEndpoint rtp,
                Ownership ownership, CallConfig callConfig, AgentConfig agentConfig, Vertx vertx) {
        this.calls = calls;
        this.snoops = snoops;
        this.channels = channels;
        this.bridges = bridges;
        this.rtp = rtp;
        this.ownership = ownership;
        this.callConfig = callConfig;
        this.agentConfig = agentConfig;
        this.vertx = vertx;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout((int) agentConfig.connectTimeout().toMillis()));
    }

    /**
     * Forks the audio of live call {@code callSid} to {@code request}'s listener. The listener's socket opens in
     * the background; a listener that fails ends the fork only (the fork answered may have failed already). 404
     * for a call not in progress on this instance; 409 for a call that has {@link #MAX_PER_CALL} forks already, or
     * one of the same name; {@link RestException} when Asterisk refused (what was made is removed again).
     */
    public StreamFork start(String callSid, ForkRequest request) throws ForkRefusedException, RestException {
        CallSession call = calls.byCallSid(callSid).filter(c -> !c.isClosed())
                .orElseThrow(() -> new ForkRefusedException(404, "no call " + callSid + " in progress on this instance"));
        return start(call, request);
    }

    /** As {@link #start(String, ForkRequest)} for a call in hand (a flow's {@code <Start>}). */
    public StreamFork start(CallSession call, ForkRequest request) throws ForkRefusedException, RestException {
        String sid = randomId("MZ", 16);
        StreamFork fork = new StreamFork(sid, callConfig.accountSid(), call.callSid(), call.channelId(), request,
                ended -> Thread.ofVirtual().name("fork-end-" + ended.sid()).start(() -> release(ended)));
        List<StreamFork> forks = byCall.computeIfAbsent(call.callSid(), k -> new CopyOnWriteArrayList<>());
        synchronized (forks) {
            if (forks.size() >= MAX_PER_CALL) {
                throw new ForkRefusedException(409, "call " + call.callSid() + " has " + MAX_PER_CALL + " stream forks already");
            }
            if (request.name() != null && forks.stream().anyMatch(f -> request.name().equals(f.request().name()))) {
                throw new ForkRefusedException(409, "call " + call.callSid() + " has a stream named " + request.name() + " already");
            }
            forks.add(fork);
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(request.url().toString());
        // Signed as agents' handshakes are: a listener built for Twilio may check it.
        agentConfig.authToken().ifPresent(token -> options.addHeader(AgentStream.SIGNATURE_HEADER,
                TwilioSignature.of(token, request.url().toString(), "")));
        WebSocketConnects.onEventLoop(vertx, () -> client.connect(options), fork::connected);
        try {
            for (StreamTrack.Side side : request.track().sides) tap(call, fork, side);
        } catch (RestException | RuntimeException e) {
            LOG.warnf("call %s: fork %s could not be set up in Asterisk: %s", call.callSid(), sid, e.getMessage());
            fork.stop();
            fork.markReady();
            release(fork);
            throw e;
        }
        // A listener that failed while the taps were being made left their removal to here.
        if (!fork.markReady()) release(fork);
        // A call that ended before its fork was listed: its StasisEnd found no fork to stop.
        if (call.isClosed() && fork.stop()) release(fork);
        LOG.infof("call %s: fork %s (%s, %s) to %s", call.callSid(), sid, request.name(), request.track().twiml,
                request.url());
        return fork;
    }

    /** Snoop channel on the caller, externalMedia channel to the app, a bridge joining them. */
    private void tap(CallSession call, StreamFork fork, StreamTrack.Side side) throws RestException {
        String suffix = fork.sid().substring(2, 14) + "-" + side.wire;
        StreamFork.Tap tap = new StreamFork.Tap(side, SNOOP_PREFIX + suffix, EXTERNAL_PREFIX + suffix, BRIDGE_PREFIX + suffix);
        synchronized (fork.taps) {
            fork.taps.add(tap);
        }
        Map<String, String> marker = ownership.variables(call.callSid());
        tap.snooping = true;
        snoops.snoop(call.channelId(), tap.snoopId, side.spy, marker);
        InetSocketAddress local = rtp.localAddress();
        tap.external = true;
        InetSocketAddress asterisk = channels.externalMedia(tap.externalId, local.getAddress().getHostAddress(),
                local.getPort(), MediaFormat.ULAW.asteriskName, marker);
        MediaLeg leg = new MediaLeg(MediaFormat.ULAW, asterisk, 0.1);
        leg.listen(fork.listener(side));
        tap.leg = leg;
        rtp.register(leg); // never added to the playout clock: nothing is sent back to Asterisk
        tap.bridged = true;
        bridges.createMixing(tap.bridgeId, ownership.marker(call.callSid()));
        bridges.add(tap.bridgeId, tap.snoopId, tap.externalId);
    }

    /**
     * Stops the fork of call {@code callSid} whose sid or name is {@code sidOrName}: the listener gets {@code stop}.
     * 404 for an unknown call, or a fork that is not running (a fork that ended is forgotten).
     */
    public StreamFork stop(String callSid, String sidOrName) throws ForkRefusedException {
        List<StreamFork> forks = byCall.getOrDefault(callSid, List.of());
        for (StreamFork f : forks) {
            if (f.sid().equals(sidOrName) || sidOrName.equals(f.request().name())) {
                if (f.stop()) release(f);
                return f;
            }
        }
        throw new ForkRefusedException(404, "call " + callSid + " has no live stream " + sidOrName);
    }

    /** Stops every fork of call {@code callSid} ({@code <Stop><Stream/>} without a name); returns how many. */
    public int stopAll(String callSid) {
        int n = 0;
        for (StreamFork f : byCall.getOrDefault(callSid, List.of())) {
            if (f.stop()) n++;
            release(f);
        }
        return n;
    }

    /** The live forks of call {@code callSid}. */
    public List<StreamFork> of(String callSid) {
        return List.copyOf(byCall.getOrDefault(callSid, List.of()));
    }

    /**
     * The caller's channel left our application (the call ended, or went elsewhere): its forks stop. Runs on the
     * events socket's thread: the ARI work goes to a thread of its own.
     */
    @Override
    public void onAriEvent(AriEvent event) {
        String channelId = switch (event) {
            case AriEvent.StasisEnd e -> e.channelId();
            case AriEvent.ChannelDestroyed e -> e.channelId();
            default -> null;
        };
        if (channelId == null || byCall.isEmpty()) return;
        for (Map.Entry<String, List<StreamFork>> entry : byCall.entrySet()) {
            List<StreamFork> forks = entry.getValue();
            if (!forks.isEmpty() && forks.getFirst().channelId().equals(channelId)) {
                String callSid = entry.getKey();
                Thread.ofVirtual().name("fork-stop-" + callSid).start(() -> stopAll(callSid));
            }
        }
    }

    /**
     * Removes the fork's Asterisk objects and forgets it. Idempotent; each step runs whatever failed before. A fork
     * still being made is left to its maker, which releases it once made if it has ended meanwhile.
     */
    private void release(StreamFork fork) {
        if (!fork.isReady()) return;
        List<StreamFork> forks = byCall.get(fork.callSid());
        if (forks != null) {
            synchronized (forks) {
                forks.remove(fork);
                if (forks.isEmpty()) byCall.remove(fork.callSid(), forks);
            }
        }
        List<StreamFork.Tap> taps;
        synchronized (fork.taps) {
            taps = List.copyOf(fork.taps);
            fork.taps.clear();
        }
        if (!taps.isEmpty()) {
            long[] frames = fork.frames();
            LOG.infof("call %s: fork %s %s: %d frames sent, %d dropped, %d listener messages ignored", fork.callSid(),
                    fork.sid(), fork.status().code, frames[0], frames[1], frames[2]);
        }
        for (StreamFork.Tap tap : taps) {
            if (tap.leg != null) rtp.unregister(tap.leg);
            if (tap.bridged) quietly("destroying bridge " + tap.bridgeId, () -> bridges.destroy(tap.bridgeId));
            if (tap.external) quietly("hanging up " + tap.externalId, () -> channels.hangup(tap.externalId, "normal"));
            if (tap.snooping) quietly("hanging up " + tap.snoopId, () -> channels.hangup(tap.snoopId, "normal"));
        }
    }

    private interface AriStep {
        Object run() throws RestException;
    }

    private static void quietly(String what, AriStep step) {
        try {
            step.run();
        } catch (RestException | RuntimeException e) {
            LOG.debugf("%s failed: %s", what, e.getMessage());
        }
    }

    private static String randomId(String prefix, int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return prefix + HexFormat.of().formatHex(random);
    }
}
