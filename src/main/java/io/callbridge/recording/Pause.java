package io.callbridge.recording;

/**
 * A paused stretch of a recording: silence in both channels from {@code startMs} to {@code endMs},
 * milliseconds from the recording's start ({@code endMs} null while the pause lasts).
 */
public record Pause(long startMs, Long endMs) {
}
