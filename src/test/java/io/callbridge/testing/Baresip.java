package io.callbridge.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real baresip softphone as the caller: it plays a WAV into the call (through Kamailio at 5060) and
 * records what it hears. The call lasts as long as the WAV.
 */
public final class Baresip {

    public record Call(int exitCode, String output, File heard) {
    }

    private Baresip() {
    }

    /** Starts a call in the background; the future completes when baresip has hung up. */
    public static java.util.concurrent.CompletableFuture<Call> start(String number, short[] speech8k, int timeoutSeconds) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return call(number, speech8k, timeoutSeconds);
            } catch (Exception e) {
                throw new IllegalStateException("baresip call failed", e);
            }
        });
    }

    public static Call call(String number, short[] speech8k, int timeoutSeconds) throws Exception {
        return call(number, speech8k, 8000, "PCMU", timeoutSeconds);
    }

    /**
     * A call whose caller offers only {@code codec} ({@code PCMU}; {@code G722/16000/1}, as baresip names G.722
     * by its audio rate) and plays {@code speech} sampled at the codec's audio rate {@code rate} (its aufile
     * source takes no other); what it heard is recorded at that rate.
     */
    public static java.util.concurrent.CompletableFuture<Call> start(String number, short[] speech, int rate,
                                                                     String codec, int timeoutSeconds) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return call(number, speech, rate, codec, timeoutSeconds);
            } catch (Exception e) {
                throw new IllegalStateException("baresip call failed", e);
            }
        });
    }

    public static Call call(String number, short[] speech, int rate, String codec, int timeoutSeconds) throws Exception {
        return call(new Phone("<sip:tester@127.0.0.1>;regint=0;audio_codecs=" + codec, "127.0.0.1:5090", List.of(), "127.0.0.1:5060"),
                number, speech, rate, timeoutSeconds);
    }

    /**
     * A registered phone's call: baresip registers {@code user@domain} with Kamailio (digest auth with
     * {@code password}, Kamailio as outbound proxy) and dials {@code sip:<99 + number>@<domain>}, answering
     * the proxy's challenge with the same credentials; PCMU, speech at 8 kHz.
     */
    public static Call callAs(String user, String domain, String password, String number, short[] speech8k,
                              int timeoutSeconds) throws Exception {
        return call(new Phone("<sip:" + user + "@" + domain + ">;auth_pass=" + password
                        + ";outbound=\"sip:127.0.0.1:5060\";regint=120;audio_codecs=PCMU", "127.0.0.1:5090", List.of(), domain),
                number, speech8k, 8000, timeoutSeconds);
    }

    /**
     * Who baresip is: its {@code accounts} line, the address it listens on ({@code sip_listen}: UDP and TCP on
     * that port, TLS on the next), {@code config} lines beside the usual ones (e.g. {@code sip_cafile}, a
     * {@code module} line) and where it dials the number ({@code host[:port][;params]}).
     */
    public record Phone(String account, String listen, List<String> config, String dialHost) {
    }

    /** Starts a call from {@code phone} in the background; the future completes when baresip has hung up. */
    public static java.util.concurrent.CompletableFuture<Call> start(Phone phone, String number, short[] speech8k,
                                                                     int timeoutSeconds) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return call(phone, number, speech8k, 8000, timeoutSeconds);
            } catch (Exception e) {
                throw new IllegalStateException("baresip call failed", e);
            }
        });
    }

    /** A call from {@code phone}, which plays {@code speech} (sampled at {@code rate}) and records what it hears. */
    public static Call call(Phone phone, String number, short[] speech, int rate, int timeoutSeconds) throws Exception {
        Path dir = Files.createTempDirectory("baresip");
        Path rec = Files.createDirectories(dir.resolve("rec"));
        File in = dir.resolve("in.wav").toFile();
        Audio.writeWav(in, speech, rate);
        List<String> config = new java.util.ArrayList<>(List.of(
                "sip_listen " + phone.listen(),
                "net_interface 127.0.0.1",
                "audio_source aufile," + in.getAbsolutePath(),
                "audio_player aubridge,nil",
                "audio_alert aubridge,nil",
                "module_path /usr/lib/baresip/modules",
                "module stdio.so", "module g711.so", "module g722.so", "module aufile.so", "module aubridge.so", "module sndfile.so",
                "module_app account.so", "module_app menu.so",
                "snd_path " + rec.toAbsolutePath()));
        config.addAll(phone.config());
        Files.writeString(dir.resolve("config"), String.join("\n", config) + "\n");
        Files.writeString(dir.resolve("accounts"), phone.account() + "\n");
        // baresip's -t ends the call; the backstop kills a baresip that hangs past it
        Child.Exit exit = Child.run(new ProcessBuilder("baresip", "-f", dir.toString(),
                        "-e", "/dial sip:" + Sipp.TEST_PREFIX + number + "@" + phone.dialHost(), "-t", String.valueOf(timeoutSeconds)),
                dir.resolve("baresip.out"), Duration.ofSeconds(timeoutSeconds + 10L));
        try (var files = Files.list(rec)) {
            List<Path> decoded = files.filter(f -> f.getFileName().toString().endsWith("-dec.wav")).toList();
            return new Call(exit.exitCode(), exit.output(),
                    decoded.isEmpty() ? null : decoded.getFirst().toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
