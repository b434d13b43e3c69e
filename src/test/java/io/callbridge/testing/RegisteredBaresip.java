package io.callbridge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real baresip softphone as a registered phone: it registers {@code user@domain} with a digest password
 * through an outbound proxy, dials one number when it starts (if given one), answers every call it gets, plays
 * a WAV into each call (a call ends when the WAV does) and records what it hears, one {@code -dec.wav} per call. Its
 * SIP trace ({@code -s}: every message sent and received) is its output. Runs until {@link #close()}.
 */
public final class RegisteredBaresip implements AutoCloseable {

    /**
     * Where and as whom the phone runs.
     *
     * @param prefix   the command baresip runs under (e.g. {@code ip netns exec NS}); empty for none
     * @param address  the local address it binds SIP and RTP to
     * @param sipPort  its SIP port; RTP uses the next ten ports
     * @param user     the account's user part
     * @param domain   the account's domain
     * @param password its digest password; null for a far end that does not register (a trunk's gateway: it only
     *                 answers the calls sent to it, over UDP and TCP at {@code sipPort} and TLS at the next port)
     * @param proxy    the outbound proxy every request goes to, as {@code sip:host:port[;transport=tls]}; null with
     *                 no password
     * @param transport the transport of its address of record ({@code udp}, {@code tls}: registers over TLS)
     * @param mediaenc  its media encryption ({@code srtp-mand}: SRTP only; {@code srtp}: SRTP when offered), or
     *                  null for clear RTP only
     * @param config    {@code config} lines beside the usual ones (e.g. {@code sip_cafile}, {@code module srtp.so})
     */
    public record Account(List<String> prefix, String address, int sipPort, String user, String domain,
                          String password, String proxy, String transport, String mediaenc, List<String> config) {

        /** A phone over UDP with clear RTP. */
        public Account(List<String> prefix, String address, int sipPort, String user, String domain,
                       String password, String proxy) {
            this(prefix, address, sipPort, user, domain, password, proxy, "udp", null, List.of());
        }
    }

    private final Child child;
    private final Path recordings;

    private RegisteredBaresip(Child child, Path recordings) {
        this.child = child;
        this.recordings = recordings;
    }

    /** Starts the phone; it dials {@code dial} (a SIP URI; null: nothing) at once, while it registers. */
    public static RegisteredBaresip start(Account account, String dial, short[] speech8k) throws IOException {
        Path dir = Files.createTempDirectory("baresip-phone");
        Path rec = Files.createDirectories(dir.resolve("rec"));
        Path in = dir.resolve("in.wav");
        Audio.writeWav(in.toFile(), speech8k, 8000);
        List<String> config = new ArrayList<>(List.of(
                "sip_listen " + account.address() + ":" + account.sipPort(),
                "net_interface " + account.address(),
                "rtp_ports " + (account.sipPort() + 1) + "-" + (account.sipPort() + 10),
                "audio_source aufile," + in.toAbsolutePath(),
                "audio_player aubridge,nil",
                "audio_alert aubridge,nil",
                "module_path /usr/lib/baresip/modules",
                "module stdio.so", "module g711.so", "module aufile.so", "module aubridge.so", "module sndfile.so",
                "module_app account.so", "module_app menu.so",
                "snd_path " + rec.toAbsolutePath()));
        config.addAll(account.config());
        Files.writeString(dir.resolve("config"), String.join("\n", config) + "\n");
        String aor = "sip:" + account.user() + "@" + account.domain()
                + ("udp".equals(account.transport()) ? "" : ";transport=" + account.transport());
        String registration = account.password() == null ? ";regint=0"
                : ";auth_pass=" + account.password() + ";outbound=\"" + account.proxy() + "\";regint=600";
        Files.writeString(dir.resolve("accounts"), "<" + aor + ">" + registration
                + ";answermode=auto;audio_codecs=PCMU"
                + (account.mediaenc() == null ? "" : ";mediaenc=" + account.mediaenc()) + "\n");
        List<String> command = new ArrayList<>(account.prefix());
        command.addAll(List.of("baresip", "-f", dir.toString(), "-s"));
        if (dial != null) command.addAll(List.of("-e", "/dial " + dial));
        return new RegisteredBaresip(Child.start(new ProcessBuilder(command), dir.resolve("baresip.out")), rec);
    }

    /** The SIP trace and log so far. */
    public String output() {
        return child.output();
    }

    /** What the phone heard, one file per call, in the order of the calls. */
    public List<Path> heard() throws IOException {
        try (var files = Files.list(recordings)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-dec.wav")).sorted().toList();
        }
    }

    @Override
    public void close() {
        child.stop();
    }
}
