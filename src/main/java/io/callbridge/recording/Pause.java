package io.callbridge.recording;

/**
 * A paused stretch of a recording: silence in both channels from {@code startMs} to {@code endMs},
 * milliseconds from the recording's start ({@code endMs} null while the pause lasts).
 */
@org.eclipse.microprofile.openapi.annotations.media.Schema(description = "A paused stretch: silence in both channels")
public record Pause(@org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) long startMs,
                    @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true, nullable = true) Long endMs) {
}
