package io.callbridge.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlayoutQueueTest {

    private final PlayoutQueue queue = new PlayoutQueue(MediaFormat.ULAW, 1.0); // 8000 bytes
    private final byte[] frame = new byte[160];

    private static byte[] bytes(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void idleQueueGivesSilence() {
        assertEquals(List.of(), queue.nextFrame(frame));
        assertArrayEquals(bytes(160, 0xFF), frame);
    }

    @Test
    void reframesChunksOfAnySizeInOrder() {
        queue.add(bytes(100, 1));
        queue.add(bytes(100, 2));
        queue.add(bytes(50, 3));
        queue.nextFrame(frame);
        byte[] expected = new byte[160];
        Arrays.fill(expected, 0, 100, (byte) 1);
        Arrays.fill(expected, 100, 160, (byte) 2);
        assertArrayEquals(expected, frame);
        queue.nextFrame(frame);
        expected = new byte[160];
        Arrays.fill(expected, 0, 40, (byte) 2);
        Arrays.fill(expected, 40, 90, (byte) 3);
        Arrays.fill(expected, 90, 160, (byte) 0xFF); // padded with silence
        assertArrayEquals(expected, frame);
    }

    @Test
    void markIsReportedWithTheFrameThatCompletesTheAudioBeforeIt() {
        queue.add(bytes(320, 1)); // two frames
        queue.mark("m1");
        queue.add(bytes(160, 2));
        assertEquals(List.of(), queue.nextFrame(frame));
        assertEquals(List.of("m1"), queue.nextFrame(frame), "m1 goes out with the last frame of its audio");
        assertEquals(List.of(), queue.nextFrame(frame));
    }

    @Test
    void markOnAnEmptyQueueIsReportedAtTheNextTick() {
        queue.mark("now");
        assertEquals(List.of("now"), queue.nextFrame(frame));
    }

    @Test
    void clearDropsAudioAtTheNextTickAndReportsPendingMarks() {
        queue.add(bytes(1600, 1));
        queue.mark("a");
        queue.add(bytes(160, 2));
        queue.mark("b");
        queue.nextFrame(frame);
        queue.clear();
        assertEquals(List.of("a", "b"), queue.nextFrame(frame));
        assertArrayEquals(bytes(160, 0xFF), frame, "the tick after clear is already silence");
        assertEquals(0, queue.queuedBytes());
    }

    @Test
    void overflowDropsTheOldestAudioCountsItAndStillReportsItsMarks() {
        queue.mark("early");
        queue.add(bytes(8000, 1)); // exactly the capacity
        queue.add(bytes(320, 2)); // pushes out two frames of the oldest
        assertEquals(2, queue.framesDropped());
        assertEquals(8000, queue.queuedBytes());
        assertEquals(List.of("early"), queue.nextFrame(frame));
    }

    @Test
    void marksPastTheBoundAreRefusedAndCounted() {
        queue.add(bytes(8000, 1)); // the marks wait behind a second of audio
        for (int i = 0; i < PlayoutQueue.MAX_MARKS; i++) assertEquals(true, queue.mark("m" + i));
        assertEquals(false, queue.mark("one too many"));
        assertEquals(1, queue.marksDropped());
        queue.clear();
        assertEquals(PlayoutQueue.MAX_MARKS, queue.nextFrame(frame).size(), "the kept ones are all echoed");
        assertEquals(true, queue.mark("room again"));
    }
}
