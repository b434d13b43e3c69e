package io.callbridge.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged app ({@code target/quarkus-app/quarkus-run.jar}, built before the integration tests run) as
 * an OS process of its own, as it runs in production: the environment of the test run (the local stack's
 * ARI and database settings) plus the test's overrides. Its output goes to a log file, appended to across
 * restarts, so a failure can be read there.
 */
public final class PackagedApp implements AutoCloseable {

    /** Set by failsafe (pom.xml) to the jar that the package phase built. */
    public static final String JAR_PROPERTY = "callbridge.app.jar";
    /** The Stasis application of every app the tests run (application.properties, %test profile). */
    public static final String TEST_APP = "callbridge-test";

    private final Path jar;
    private final Map<String, String> env;
    private final int httpPort;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    /**
     * The app the package phase built (failsafe passes its path), on {@code httpPort} with {@code env}, logging
     * to {@code target/<name>-app.log} (emptied first). Outside failsafe the calling test is skipped.
     */
    public static PackagedApp built(String name, Map<String, String> env, int httpPort) throws IOException {
        String built = System.getProperty(JAR_PROPERTY);
        org.junit.jupiter.api.Assumptions.assumeTrue(built != null,
                "runs in the integration-test phase (failsafe), against the packaged app");
        Path jar = Path.of(built);
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("no packaged app at " + jar);
        Path log = jar.getParent().resolveSibling(name + "-app.log"); // target/, beside quarkus-app/
        Files.deleteIfExists(log);
        return new PackagedApp(jar, env, httpPort, log);
    }

    /** A JSON request to this app's API with {@code apiKey} as the bearer token. */
    public io.restassured.specification.RequestSpecification api(String apiKey) {
        return io.restassured.RestAssured.given().baseUri(url().toString()).header("Authorization", "Bearer " + apiKey)
                .contentType(io.restassured.http.ContentType.JSON);
    }

    /** An app on {@code httpPort} (QUARKUS_HTTP_PORT) with {@code env} over the inherited environment. */
    public PackagedApp(Path jar, Map<String, String> env, int httpPort, Path log) {
        this.jar = jar;
        this.env = Map.copyOf(env);
        this.httpPort = httpPort;
        this.log = log;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** Starts the process (the JVM running the tests: the same JDK) and waits until it reports ready. */
    public void start(Duration within) throws IOException, InterruptedException {
        if (process != null && process.isAlive()) throw new IllegalStateException("already running");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Files.createDirectories(log.getParent());
        Files.writeString(log, "---- starting " + jar + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("CALLBRIDGE_ARI_APP", TEST_APP); // the tests' Stasis application (see Sipp)
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        process = builder.start();
        awaitReady(within);
    }

    /** Readiness means ARI connected and the database reachable (health checks), not just a listening port. */
    private void awaitReady(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(url().resolve("/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited with " + process.exitValue() + " before it was ready; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the app was not ready within " + within + "; see " + log);
    }

    /** The running process's id. */
    public long pid() {
        return process.pid();
    }

    /**
     * SIGTERM, as a deploy sends it: the app drains (refuses new calls, waits up to its drain timeout) and
     * exits; waits at most {@code within} for the exit.
     */
    public void terminate(Duration within) throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the app did not exit within " + within + " of SIGTERM; see " + log);
        }
    }

    /** SIGKILL: a crash, with no shutdown hooks, no call drain and no goodbye to ARI or the database. */
    public void kill() throws InterruptedException {
        if (process == null) return;
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("the app did not die of SIGKILL");
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
