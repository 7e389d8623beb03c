package dev.mip.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** A measured stretch of work sees the memory touched inside it, and a later stretch starts afresh. */
class PeakMemoryTest {

    @Test
    void aWindowsPeakIsItsOwnAndCoversWhatItTouched() {
        assumeTrue(PeakMemory.rssBytes() > 0, "needs /proc");
        PeakMemory.Window big = PeakMemory.window();
        assumeTrue(big.own(), "needs a writable /proc/self/clear_refs");
        double before = PeakMemory.rssBytes() / 1048576.0;
        ByteBuffer b = ByteBuffer.allocateDirect(256 << 20);
        for (int i = 0; i < b.capacity(); i += 4096) {
            b.put(i, (byte) 1); // touch every page
        }
        double peakWithBuffer = big.peakMiB();
        assertTrue(peakWithBuffer >= before + 250, "peak " + peakWithBuffer + " MiB after touching 256 MiB from " + before);
        DirectBuffers.free(b);
        PeakMemory.Window after = PeakMemory.window();
        assertTrue(after.peakMiB() < peakWithBuffer - 200,
                "a new window starts from the resident set now, not the earlier peak: " + after.peakMiB() + " vs " + peakWithBuffer);
        assertTrue(big.seconds() >= after.seconds() && after.seconds() >= 0);
    }
}
