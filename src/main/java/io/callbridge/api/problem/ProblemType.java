package io.callbridge.api.problem;

/**
 * The problem types Callbridge defines (RFC 9457 §3.1.1). They are tag URIs (RFC 4151): stable identifiers
 * that are not meant to be fetched; docs/api.md describes each. Plain HTTP errors use {@code about:blank}
 * with the status's reason phrase as title (RFC 9457 §4.2.1).
 */
public enum ProblemType {

    VALIDATION("tag:callbridge.io,2026:problem:validation", "Invalid request"),
    MALFORMED_JSON("tag:callbridge.io,2026:problem:malformed-json", "Malformed JSON"),
    DUPLICATE_NUMBER("tag:callbridge.io,2026:problem:duplicate-number", "Route number already in use");

    public static final String ABOUT_BLANK = "about:blank";

    public final String uri;
    public final String title;

    ProblemType(String uri, String title) {
        this.uri = uri;
        this.title = title;
    }
}
