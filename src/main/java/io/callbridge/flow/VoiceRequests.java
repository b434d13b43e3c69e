package io.callbridge.flow;

import io.callbridge.AppThreads;
import io.callbridge.config.Settings;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import io.callbridge.webhook.TwilioSignature;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Requests TwiML from a voice URL or a verb's action as Twilio does ("TwiML voice webhook request"): the call's
 * voice request parameters form-encoded in the body of a POST, or in the query of a GET, signed with
 * {@code X-Twilio-Signature} under the webhook secret (the key of status callbacks), so an application written
 * for Twilio validates it with its usual helper. Redirects are followed; the answer must be 2xx and TwiML.
 */
@ApplicationScoped
public class VoiceRequests {

    /**
     * Each request waits for its answer on a virtual thread of its own. Not {@code sendAsync}: java.net.http
     * completes its futures on the JVM's common pool (one worker on a 2-core machine), so any task blocking that
     * pool anywhere in the process would hold every flow's next document until it ended.
     */
    private final ExecutorService requests = Executors.newThreadPerTaskExecutor(
            AppThreads.withAppClassLoader(Thread.ofVirtual().name("voice-request-", 0).factory()));
    // HTTP/1.1 only: java.net.http's default offers an h2c upgrade on plain http://, which a server that also
    // serves WebSockets (a Twilio bot's usual server) hands to its upgrade handler, not its routes.
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(requests)
            .build();
    private final Settings settings;

    VoiceRequests(Settings settings) {
        this.settings = settings;
    }

    /**
     * Requests {@code url} with {@code method} (GET or POST) and {@code parameters}, within {@code timeout}. The
     * stage completes with the parsed {@code <Response>}; exceptionally with a {@link TwimlException} whose message
     * says what failed (no answer within the timeout, an HTTP status, invalid TwiML). Never blocks the caller.
     */
    public CompletableFuture<TwimlNode> fetch(URI url, String method, Map<String, String> parameters, Duration timeout) {
        String form = form(parameters);
        boolean get = "GET".equals(method);
        URI target = get ? withQuery(url, form) : url;
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout)
                .header("Accept", "application/xml, text/xml")
                .header("User-Agent", "Callbridge");
        settings.webhookSecret().ifPresent(secret ->
                request.header("X-Twilio-Signature", TwilioSignature.of(secret, target.toString(), get ? "" : form)));
        if (get) {
            request.GET();
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
        }
        HttpRequest built = request.build();
        CompletableFuture<TwimlNode> answer = new CompletableFuture<>();
        requests.execute(() -> {
            HttpResponse<String> response;
            try {
                response = http.send(built, HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer.completeExceptionally(new TwimlException(url + ": the request was interrupted", e));
                return;
            } catch (Exception e) {
                answer.completeExceptionally(failure(url, timeout, e));
                return;
            }
            if (response.statusCode() / 100 != 2) {
                answer.completeExceptionally(new TwimlException(method + " " + url + " answered HTTP "
                        + response.statusCode()));
                return;
            }
            try {
                answer.complete(TwimlParser.parse(response.body()));
            } catch (TwimlException e) {
                answer.completeExceptionally(new TwimlException(url + ": " + e.getMessage(), e));
            }
        });
        return answer;
    }

    void stop(@Observes ShutdownEvent shutdown) {
        requests.shutdownNow();
    }

    private static TwimlException failure(URI url, Duration timeout, Throwable error) {
        Throwable cause = error;
        if (cause instanceof HttpTimeoutException) {
            return new TwimlException(url + " did not answer within " + timeout.toMillis() + " ms", cause);
        }
        return new TwimlException(url + " could not be reached: " + cause, cause);
    }

    /** The parameters form-encoded, sorted by name (any order is valid; sorted reads well in logs). */
    static String form(Map<String, String> parameters) {
        StringJoiner form = new StringJoiner("&");
        new TreeMap<>(parameters).forEach((name, value) -> form.add(encode(name) + "=" + encode(value == null ? "" : value)));
        return form.toString();
    }

    private static URI withQuery(URI url, String form) {
        if (form.isEmpty()) return url;
        String s = url.toString();
        int hash = s.indexOf('#');
        String fragment = hash < 0 ? "" : s.substring(hash);
        String base = hash < 0 ? s : s.substring(0, hash);
        return URI.create(base + (url.getRawQuery() == null ? "?" : "&") + form + fragment);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
