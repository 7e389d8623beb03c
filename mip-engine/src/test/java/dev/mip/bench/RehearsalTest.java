package dev.mip.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mip.model.LlavaConfig;
import org.junit.jupiter.api.Test;

/** The rehearsal's checkpoints have LLaVA-1.5-7B's shapes, with the layers asked for. */
class RehearsalTest {

    @Test
    void theShapeIsLlava15SevenBillionsWithFewerLayers() {
        LlavaConfig c = Rehearsal.shape(3, 2);
        assertEquals(4096, c.text().hiddenSize());
        assertEquals(11008, c.text().intermediateSize());
        assertEquals(32, c.text().numHeads());
        assertEquals(32, c.text().numKvHeads());
        assertEquals(32_000, c.text().vocabSize());
        assertEquals(4096, c.text().maxPositions(), "576 image tokens alone exceed a 512-position model");
        assertEquals(3, c.text().numLayers());
        assertEquals(1024, c.vision().hiddenSize());
        assertEquals(4096, c.vision().intermediateSize());
        assertEquals(336, c.vision().imageSize());
        assertEquals(14, c.vision().patchSize());
        assertEquals(2, c.vision().numLayers());
        assertEquals(576, c.imageTokensPerImage());
        assertEquals(1, c.lastVisionLayerUsed(), "every rehearsal vision layer is used");
    }
}
