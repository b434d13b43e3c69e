package io.callbridge.media;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Audio from the agent waiting to be played to the caller, with marks between the audio. Bounded: when
 * full, the oldest audio is dropped and counted; at most {@value #MAX_MARKS} marks wait, and a mark past
 * that is dropped (never echoed) and counted. Filled from the agent's socket thread and drained one 20 ms
 * frame per clock tick, hence synchronized.
 */
final class PlayoutQueue {

    private record Mark(String name) {
    }

    /** Far more than a bot waits on (one per utterance or chunk), few enough to stay small. */
    static final int MAX_MARKS = 1000;

    private final int frameBytes;
    private final byte silence;
    private final long capacityBytes;
    private final ArrayDeque<Object> items = new ArrayDeque<>(); // byte[] chunks and Marks, in order
    private int headOffset; // bytes of the head chunk already played
    private long queuedBytes;
    private boolean clearRequested;
    private long framesDropped;
    private int marks; // marks in items
    private long marksDropped;
    private List<String> droppedMarks = List.of(); // reported at the next tick: the agent still hears of them

    PlayoutQueue(MediaFormat format, double capacitySeconds) {
        this.frameBytes = format.frameBytes();
        this.silence = format.silence;
        this.capacityBytes = Math.max(frameBytes, (long) (capacitySeconds * format.sampleRate * format.bytesPerSample));
    }

    synchronized void add(byte[] audio) {
        if (audio.length == 0) return;
        items.addLast(audio);
        queuedBytes += audio.length;
        while (queuedBytes > capacityBytes) dropOldest(queuedBytes - capacityBytes);
    }

    /** False when {@value #MAX_MARKS} marks already wait: this one is dropped and counted. */
    synchronized boolean mark(String name) {
        if (marks >= MAX_MARKS) {
            marksDropped++;
            return false;
        }
        items.addLast(new Mark(name));
        marks++;
        return true;
    }

    /** Barge-in. Takes effect at the next tick, which drops the audio and reports every pending mark. */
    synchronized void clear() {
        clearRequested = true;
    }

    /**
     * Fills {@code frame} with the next 20 ms (silence where there is no audio) and returns the marks whose
     * audio has now all been played, in order; empty when none.
     */
    synchronized List<String> nextFrame(byte[] frame) {
        List<String> played = droppedMarks;
        droppedMarks = List.of();
        if (clearRequested) {
            clearRequested = false;
            for (Object item : items) if (item instanceof Mark m) played = append(played, m.name());
            items.clear();
            marks = 0;
            headOffset = 0;
            queuedBytes = 0;
        }
        int filled = 0;
        while (filled < frame.length && !items.isEmpty()) {
            Object head = items.peekFirst();
            if (head instanceof Mark) {
                // A mark stays until all audio before it is out: it is reported after this frame is sent.
                if (filled > 0) break;
                played = append(played, ((Mark) items.pollFirst()).name());
                marks--;
                continue;
            }
            byte[] chunk = (byte[]) head;
            int n = Math.min(frame.length - filled, chunk.length - headOffset);
            System.arraycopy(chunk, headOffset, frame, filled, n);
            filled += n;
            headOffset += n;
            queuedBytes -= n;
            if (headOffset == chunk.length) {
                items.pollFirst();
                headOffset = 0;
            }
        }
        // Marks right behind the audio just taken are played once this frame is sent.
        while (items.peekFirst() instanceof Mark m) {
            items.pollFirst();
            marks--;
            played = append(played, m.name());
        }
        for (int i = filled; i < frame.length; i++) frame[i] = silence;
        return played;
    }

    synchronized long queuedBytes() {
        return queuedBytes;
    }

    synchronized long framesDropped() {
        return framesDropped;
    }

    /** Marks refused because {@value #MAX_MARKS} were already waiting. */
    synchronized long marksDropped() {
        return marksDropped;
    }

    private void dropOldest(long excess) {
        long dropped = 0;
        while (dropped < excess && !items.isEmpty()) {
            Object head = items.peekFirst();
            if (head instanceof Mark m) {
                items.pollFirst(); // the audio before it is gone: report the mark rather than lose it
                marks--;
                droppedMarks = append(droppedMarks, m.name());
                continue;
            }
            byte[] chunk = (byte[]) head;
            int n = (int) Math.min(excess - dropped, chunk.length - headOffset);
            headOffset += n;
            dropped += n;
            if (headOffset == chunk.length) {
                items.pollFirst();
                headOffset = 0;
            }
        }
        queuedBytes -= dropped;
        framesDropped += (dropped + frameBytes - 1) / frameBytes;
    }

    private static List<String> append(List<String> list, String name) {
        List<String> out = list.isEmpty() ? new ArrayList<>(2) : list;
        out.add(name);
        return out;
    }
}
