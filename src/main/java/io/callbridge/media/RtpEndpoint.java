package io.callbridge.media;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The app's one RTP socket. Every externalMedia channel sends here; a datagram belongs to the leg whose
 * Asterisk address it came from. Replies leave from this same socket, as Asterisk's strictrtp requires.
 * One reader thread; one writer (the playout clock).
 */
@ApplicationScoped
public class RtpEndpoint {

    private static final Logger LOG = Logger.getLogger(RtpEndpoint.class);

    private final MediaConfig config;
    private final ConcurrentHashMap<SocketAddress, MediaLeg> legs = new ConcurrentHashMap<>();
    private volatile DatagramChannel channel;
    private volatile long unknownSource;

    RtpEndpoint(MediaConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        open();
    }

    synchronized void open() {
        if (channel != null) return;
        try {
            DatagramChannel ch = DatagramChannel.open();
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            ch.bind(new InetSocketAddress(config.rtpHost(), config.rtpPort()));
            channel = ch;
            Thread.ofPlatform().name("rtp-in").daemon().start(this::readLoop);
            LOG.infof("RTP socket on %s", ch.getLocalAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the RTP socket on " + config.rtpHost() + ":" + config.rtpPort(), e);
        }
    }

    void stop(@Observes @Priority(6000) ShutdownEvent shutdown) {
        try {
            DatagramChannel ch = channel;
            if (ch != null) ch.close();
        } catch (IOException e) {
            LOG.debugf("closing the RTP socket: %s", e);
        }
    }

    /** Where Asterisk must send a call's audio ({@code external_host} of externalMedia). */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void register(MediaLeg leg) {
        legs.put(leg.asterisk(), leg);
    }

    public void unregister(MediaLeg leg) {
        legs.remove(leg.asterisk(), leg);
    }

    public int legCount() {
        return legs.size();
    }

    void send(ByteBuffer packet, InetSocketAddress to) {
        try {
            channel.send(packet, to);
        } catch (IOException e) {
            LOG.debugf("RTP send to %s failed: %s", to, e);
        }
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        byte[] data = buffer.array();
        while (true) {
            try {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                long now = System.nanoTime();
                MediaLeg leg = legs.get(from);
                if (leg == null) {
                    unknownSource++; // a leg already gone, or a stray packet
                    continue;
                }
                leg.received(data, buffer.position(), now);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warnf("RTP receive: %s", e.toString());
            }
        }
    }
}
