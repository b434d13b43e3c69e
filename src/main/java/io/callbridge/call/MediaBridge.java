package io.callbridge.call;

import ch.loway.oss.ari4java.tools.RestException;
import io.callbridge.ari.AriBridges;
import io.callbridge.ari.AriChannels;
import io.callbridge.ari.Ownership;
import io.callbridge.media.AsteriskMediaSocket;
import io.callbridge.media.AsteriskMediaSockets;
import io.callbridge.media.CallerCodecs;
import io.callbridge.hold.HoldState;
import io.callbridge.hold.HoldableMedia;
import io.callbridge.media.MediaConfig;
import io.callbridge.media.MediaFormat;
import io.callbridge.media.MediaLeg;
import io.callbridge.media.MediaQuality;
import io.callbridge.media.PlayoutClock;
import io.callbridge.media.RtpEndpoint;
import io.callbridge.stream.AgentConnector;
import io.callbridge.stream.AgentFigures;
import io.callbridge.stream.AgentStream;
import io.callbridge.stream.Protocol;
import io.callbridge.stream.StreamStart;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.jboss.logging.Logger;

/**
 * The media half of one call: Asterisk's externalMedia channel, the mixing bridge joining it to the caller,
 * the media leg in the app (RTP; or a chan_websocket socket for a raw agent at 16/24 kHz and a wideband
 * caller, see {@link #widebandFormat}), and the agent's WebSocket. Created and closed on the call's executor; every
 * resource is released once, in reverse order of creation, whatever failed in between.
 */
final class MediaBridge implements HoldableMedia {

    /** Ids Callbridge gives what it creates in Asterisk, so recovery can find leftovers. */
    static final String EXTERNAL_PREFIX = "cb-em-";
    static final String BRIDGE_PREFIX = "cb-br-";

    private static final Logger LOG = Logger.getLogger(MediaBridge.class);

    /** The app services a media bridge uses; one instance shared by all calls. */
    record Services(AriChannels channels, AriBridges bridges, RtpEndpoint rtp, PlayoutClock clock,
                    AgentConnector agents, MediaConfig config, Ownership ownership, AsteriskMediaSockets sockets) {
    }

    private final Services services;
    private final String callSid;
    private final String callerChannel;
    private final String externalChannel;
    private final String bridgeId;
    private final HoldState hold;
    private AgentRoute route;
    private MediaLeg leg;
    /** Whether the route's recording notice still plays to the caller: the leg stays paused until it ends. */
    private volatile boolean announcing;
    private final boolean rebuilt;
    private AsteriskMediaSocket socket;
    private AgentStream stream;
    private boolean externalCreated;
    private boolean bridgeCreated;
    private boolean closed;

    /**
     * The media of call {@code callSid}. A call's first media leg is {@code cb-em-<callSid>}; a rebuilt one
     * (an adopted call, or a leg lost while ARI was away) gets a random suffix, so it never collides with a
     * leg an earlier process left in Asterisk.
     */
    MediaBridge(Services services, String callSid, String callerChannel, boolean rebuilt, HoldState hold) {
        this.services = services;
        this.hold = hold;
        this.rebuilt = rebuilt;
        this.callSid = callSid;
        this.callerChannel = callerChannel;
        this.externalChannel = EXTERNAL_PREFIX + callSid + (rebuilt ? CallSession.randomId("-", 3) : "");
        this.bridgeId = BRIDGE_PREFIX + callSid;
    }

    /** The id of the call's mixing bridge (it carries the callSid, and its name the owner). */
    static String bridgeIdOf(String callSid) {
        return BRIDGE_PREFIX + callSid;
    }

    /** Sets up media and starts opening the agent's socket (without waiting for it). */
    void start(AgentRoute route, StreamStart streamStart, AgentStream.Events events) throws RestException {
        start(route, streamStart, events, false);
    }

    /**
     * As {@link #start(AgentRoute, StreamStart, AgentStream.Events)}; with {@code callerBridged} the call's
     * bridge already exists with the caller in it (an adopted call) and only the new media leg joins it.
     */
    void start(AgentRoute route, StreamStart streamStart, AgentStream.Events events, boolean callerBridged)
            throws RestException {
        this.route = route;
        // A call's first media of a route that announces its recording starts paused, so that nothing the agent
        // sends at once is played under the notice (recording.RouteRecording ends the notice). A rebuilt leg
        // comes after the notice.
        announcing = !rebuilt && route.record() && route.recordAnnouncement() != null;
        double playout = services.config().playoutBuffer().toMillis() / 1000.0;
        MediaFormat wide = widebandFormat(route);
        externalCreated = true; // from here on, close() must try to remove it even if creation half-failed
        if (wide != null) {
            String url = services.channels().externalMediaWebSocket(externalChannel, wide.asteriskName,
                    services.ownership().variables(callSid));
            leg = MediaLeg.overWebSocket(wide, playout);
            leg.hold(hold.held() || announcing); // a call held before its media (re)started: an adopted call, or the caller's own hold
            try {
                socket = services.sockets().open(url, leg);
            } catch (IOException e) {
                throw new RestException("media socket of " + externalChannel + ": " + e.getMessage());
            }
        } else {
            MediaFormat format = MediaFormat.of(route.protocol());
            InetSocketAddress local = services.rtp().localAddress();
            InetSocketAddress asterisk = services.channels().externalMedia(externalChannel,
                    local.getAddress().getHostAddress(), local.getPort(), format.asteriskName,
                    services.ownership().variables(callSid));
            leg = new MediaLeg(format, route.sampleRate(), asterisk, playout);
            leg.hold(hold.held() || announcing);
            services.rtp().register(leg);
        }
        stream = services.agents().open(streamStart, route.protocol(), route.url().toString(), leg, events);
        leg.listen(stream);
        if (hold.held()) tellAgent(true, hold.by());
        bridgeCreated = true;
        if (!callerBridged) services.bridges().createMixing(bridgeId, services.ownership().marker(callSid));
        boolean agentOut = hold.heldBy(HoldState.By.API);
        // Both legs in one request; an adopted call's caller is in the bridge already. Held by the API, the agent's
        // leg stays out and the music (which Asterisk kept playing through a restart) is asserted again.
        if (callerBridged && !agentOut) services.bridges().add(bridgeId, externalChannel);
        else if (!callerBridged) {
            if (agentOut) services.bridges().add(bridgeId, callerChannel);
            else services.bridges().add(bridgeId, externalChannel, callerChannel);
        }
        if (agentOut) services.bridges().startMoh(bridgeId, route.mohClass());
        services.clock().add(leg);
    }

    /**
     * The leg's format when the call's audio goes over a chan_websocket leg at the agent's rate: a raw agent
     * at 16 or 24 kHz and a caller whose codec is wideband (G.722, Opus …). RTP externalMedia cannot take
     * wideband audio back (see {@code media/Resampler}); for a narrowband caller the RTP leg at 8 kHz loses
     * nothing and costs Asterisk no resampling. Null: the RTP leg.
     */
    private MediaFormat widebandFormat(AgentRoute route) {
        if (route.protocol() != Protocol.RAW || route.sampleRate() <= 8000 || !services.config().widebandWebsocket()) {
            return null;
        }
        try {
            String codec = services.channels().variable(callerChannel, "CHANNEL(audionativeformat)");
            return CallerCodecs.isWideband(codec) ? MediaFormat.slinAt(route.sampleRate()) : null;
        } catch (RestException e) {
            LOG.debugf("the caller's codec is unknown (%s): RTP leg", e.getMessage());
            return null;
        }
    }

    /** The id of this bridge's externalMedia channel in Asterisk. */
    String externalChannel() {
        return externalChannel;
    }

    String bridgeId() {
        return bridgeId;
    }

    void callerDtmf(char digit) {
        if (stream != null) stream.callerDtmf(digit);
    }

    void sendDtmfToCaller(String digits) {
        try {
            services.channels().sendDtmf(callerChannel, digits);
        } catch (RestException e) {
            LOG.warnf("sending DTMF %s to the caller failed: %s", digits, e.getMessage());
        }
    }

    @Override
    public void pause(boolean paused) {
        if (leg != null) leg.hold(paused || announcing);
    }

    @Override
    public boolean announcing() {
        return announcing;
    }

    @Override
    public void announced() {
        announcing = false;
        if (leg != null) leg.hold(hold.held());
    }

    @Override
    public void takeAgentOut() throws RestException {
        services.bridges().remove(bridgeId, externalChannel);
        services.bridges().startMoh(bridgeId, route == null ? null : route.mohClass());
    }

    @Override
    public void bringAgentBack() throws RestException {
        services.bridges().stopMoh(bridgeId);
        services.bridges().add(bridgeId, externalChannel);
    }

    @Override
    public void tellAgent(boolean held, HoldState.By by) {
        if (stream != null && route != null && route.holdEvents()) stream.holdChanged(held, by.code());
    }

    MediaQuality quality() {
        return leg == null ? null : leg.quality();
    }

    AgentFigures agentFigures(long answeredNanos) {
        return stream == null ? null : stream.figures(answeredNanos);
    }

    /**
     * Lets go of the call's media in the app only (the agent gets {@code stop}), leaving Asterisk's side for
     * another process of this instance to adopt: the drain timeout of a restart. Idempotent with
     * {@link #close()}.
     */
    void release() {
        if (closed) return;
        closed = true;
        releaseInApp();
    }

    private void releaseInApp() {
        if (leg != null) services.clock().remove(leg);
        try {
            if (stream != null) stream.close();
        } finally {
            // A closed media socket ends its channel in Asterisk: an adopting process makes a new leg anyway.
            if (socket != null) socket.close();
            if (leg != null && leg.asterisk() != null) services.rtp().unregister(leg);
        }
    }

    /**
     * Idempotent. The agent gets {@code stop} before anything in Asterisk is torn down; each step runs
     * whatever failed before it.
     */
    void close() {
        if (closed) return;
        closed = true;
        try {
            releaseInApp();
        } catch (RuntimeException e) {
            LOG.warnf("closing the agent stream failed: %s", e.toString());
        }
        if (bridgeCreated) {
            try {
                services.bridges().destroy(bridgeId);
            } catch (RestException | RuntimeException e) {
                LOG.warnf("destroying bridge %s failed: %s", bridgeId, e.getMessage());
            }
        }
        if (externalCreated) {
            try {
                services.channels().hangup(externalChannel, HangupCauses.Reason.NORMAL.ari);
            } catch (RestException | RuntimeException e) {
                LOG.warnf("hanging up %s failed: %s", externalChannel, e.getMessage());
            }
        }
    }
}
