package io.callbridge.prompt;

import io.callbridge.moh.MohAudio;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.jboss.logging.Logger;

/**
 * {@link PromptMedia} with a disk cache Asterisk reads: speech is rendered once per engine voice and text
 * ({@code speech/<sha256>.wav16} or {@code .wav}, kept until deleted), audio URLs are fetched once per URL and
 * reused for {@link PromptConfig#audioMaxAge()} ({@code audio/<sha256>.wav}, 8 kHz; when a later fetch fails the
 * older copy still plays). Concurrent requests for the same input wait for one rendering. Files appear atomically
 * (written beside, then renamed), so Asterisk never plays half a file.
 */
@ApplicationScoped
class CachedPrompts implements PromptMedia {

    private static final Logger LOG = Logger.getLogger(CachedPrompts.class);

    /** Asterisk's built-in sounds (e.g. {@code sound:beep}, {@code sound:digits/1}): names only, no paths out. */
    static final Pattern SOUND = Pattern.compile("sound:[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");

    private final PromptConfig config;
    private final SpeechEngine engine;
    private final HttpClient http;
    private final ConcurrentMap<String, CompletableFuture<String>> running = new ConcurrentHashMap<>();

    CachedPrompts(PromptConfig config, SpeechEngine engine) {
        this.config = config;
        this.engine = engine;
        this.http = HttpClient.newBuilder().connectTimeout(config.fetchTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public String speech(String text, String voice, String language) {
        if (text == null || text.isBlank()) throw new PromptException("no text to say");
        if (text.length() > config.maxTextLength()) {
            throw new PromptException("the text has " + text.length() + " characters; at most "
                    + config.maxTextLength() + " are said");
        }
        String key = sha256(engine.voiceId(voice, language) + "\n" + text);
        return once("speech/" + key, () -> {
            Path dir = directory("speech");
            String cached = existing(dir, key);
            if (cached != null) return uri("speech", cached);
            Path raw = dir.resolve(key + ".tmp-" + UUID.randomUUID() + ".wav");
            try {
                engine.render(text, voice, language, raw);
                return uri("speech", PromptAudio.store(raw, dir, key));
            } finally {
                Files.deleteIfExists(raw);
            }
        });
    }

    @Override
    public String audio(String url) {
        if (url == null || url.isBlank()) throw new PromptException("no audio URL");
        String u = url.strip();
        if (u.startsWith("sound:")) {
            if (!SOUND.matcher(u).matches()) throw new PromptException("not a sound name: " + u);
            return u;
        }
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new PromptException("not a URL: " + u);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw new PromptException("not an http(s) URL: " + u);
        String key = sha256(u);
        return once("audio/" + key, () -> {
            Path dir = directory("audio");
            Path file = dir.resolve(key + ".wav");
            boolean fresh = Files.exists(file) && Files.getLastModifiedTime(file).toInstant()
                    .isAfter(Instant.now().minus(config.audioMaxAge()));
            if (fresh) return uri("audio", key);
            try {
                fetch(uri, dir, file);
            } catch (PromptException e) {
                if (!Files.exists(file)) throw e;
                LOG.warnf("fetching %s again failed (%s): the cached copy plays", u, e.getMessage());
            }
            return uri("audio", key);
        });
    }

    private void fetch(URI url, Path dir, Path file) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(config.fetchTimeout()).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream in = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw new PromptException("HTTP " + response.statusCode() + " from " + url);
            }
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxAudioBytes() + 1));
        }
        if (body.length > config.maxAudioBytes()) {
            throw new PromptException(url + " is larger than " + config.maxAudioBytes() + " bytes");
        }
        Path tmp = dir.resolve(file.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            MohAudio.convert(body, tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (UnsupportedAudioFileException e) {
            throw new PromptException(url + " is not WAV or MP3 audio Callbridge can decode: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Runs {@code work} once for {@code key} at a time: a second caller for the same key waits for the first. */
    private String once(String key, Callable<String> work) {
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> other = running.putIfAbsent(key, mine);
        if (other != null) {
            try {
                return other.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof PromptException p ? p : new PromptException(e.getMessage(), e);
            }
        }
        try {
            String result = work.call();
            mine.complete(result);
            return result;
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            PromptException failure = e instanceof PromptException p ? p
                    : new PromptException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            mine.completeExceptionally(failure);
            throw failure;
        } finally {
            running.remove(key, mine);
        }
    }

    /** The cached file's name without extension when {@code key} was rendered already; null when not. */
    private static String existing(Path dir, String key) {
        for (String ext : PromptAudio.EXTENSIONS) {
            if (Files.exists(dir.resolve(key + "." + ext))) return key;
        }
        return null;
    }

    private Path directory(String kind) throws IOException {
        return Files.createDirectories(Path.of(config.directory(), kind));
    }

    /** An ARI media URI without extension: Asterisk picks the file's format ({@code wav16} or {@code wav}). */
    private String uri(String kind, String name) {
        return "sound:" + config.asteriskDirectory().orElse(config.directory()) + "/" + kind + "/" + name;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }
}
