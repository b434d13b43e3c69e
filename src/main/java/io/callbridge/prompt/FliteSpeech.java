package io.callbridge.prompt;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Speech from flite (CMU's Festival-lite, Debian package {@code flite}), run as a process per rendering: its US
 * English voices {@code slt} (female) and {@code rms} (male) write 16 kHz WAV. TwiML's voices map onto them:
 * {@code man} and Amazon Polly's male names ({@code Polly.Matthew}, {@code Polly.Joey-Neural} …) to {@code rms},
 * everything else ({@code alice}, {@code woman}, other {@code Polly.*} and {@code Google.*} names, none) to
 * {@code slt}. flite speaks English only: {@code language} is not used (docs/flows.md).
 */
@ApplicationScoped
class FliteSpeech implements SpeechEngine {

    static final String FEMALE = "slt";
    static final String MALE = "rms";

    /** Amazon Polly's male voices (https://docs.aws.amazon.com/polly/latest/dg/available-voices.html), lower case. */
    static final Set<String> POLLY_MALE = Set.of("matthew", "joey", "justin", "kevin", "stephen", "gregory", "patrick",
            "brian", "arthur", "russell", "geraint", "liam", "mathieu", "remi", "hans", "daniel", "giorgio",
            "adriano", "enrique", "miguel", "andres", "sergio", "pedro", "ricardo", "cristiano", "thiago", "maxim",
            "jacek", "jan", "takumi", "ruben", "mads", "karl", "zayd");

    private final PromptConfig config;

    FliteSpeech(PromptConfig config) {
        this.config = config;
    }

    @Override
    public String voiceId(String voice, String language) {
        return "flite/" + fliteVoice(voice);
    }

    /** flite's voice for TwiML's {@code voice} attribute. */
    static String fliteVoice(String voice) {
        if (voice == null) return FEMALE;
        String v = voice.strip().toLowerCase(Locale.ROOT);
        if (v.equals("man")) return MALE;
        if (v.startsWith("polly.")) {
            String name = v.substring("polly.".length());
            int dash = name.indexOf('-');
            if (dash >= 0) name = name.substring(0, dash);
            return POLLY_MALE.contains(name) ? MALE : FEMALE;
        }
        return FEMALE;
    }

    @Override
    public void render(String text, String voice, String language, Path wav) throws IOException {
        // The text goes through a file, never the command line: text starting with "-" is not an option then.
        Path input = Files.createTempFile(wav.getParent(), "say-", ".txt");
        Path log = Files.createTempFile(wav.getParent(), "say-", ".log");
        try {
            Files.writeString(input, text, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(List.of(config.flite(), "-voice", fliteVoice(voice), "-f",
                    input.toString(), "-o", wav.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(config.renderTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("flite did not finish within " + config.renderTimeout());
            }
            if (process.exitValue() != 0) {
                throw new IOException("flite exited with " + process.exitValue() + ": " + tail(log));
            }
            if (!Files.exists(wav) || Files.size(wav) <= 44) throw new IOException("flite wrote no audio");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while flite ran", e);
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(log);
        }
    }

    private static String tail(Path log) throws IOException {
        String s = Files.readString(log, StandardCharsets.UTF_8).strip();
        return s.length() > 300 ? s.substring(s.length() - 300) : s;
    }
}
