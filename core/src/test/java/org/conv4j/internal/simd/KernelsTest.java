package org.conv4j.internal.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Proves which path each surefire execution runs: the default one must really use the Vector
 * API kernels and the {@code scalar} one the fallback, or the suite would test one path twice.
 */
class KernelsTest {

    @Test
    void theRequestedPathIsTheOneInUse() {
        String requested = System.getProperty("conv4j.simd", "auto");
        String name = Kernels.get().name();
        if (requested.equals("vector")) {
            assertTrue(name.startsWith("vector"), name);
        } else if (requested.equals("scalar")) {
            assertEquals("scalar", name);
        }
    }

    @Test
    void theVectorWidthIsTheOneTheJvmAllows() {
        if (Kernels.get().name().startsWith("vector")) {
            int maxBytes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorByteSize();
            assertEquals("vector " + maxBytes * 8 + "-bit", Kernels.get().name());
        }
    }

    @Test
    void scalarKernelsAreAlwaysAvailable() {
        assertEquals("scalar", Kernels.scalar().name());
    }

    @Test
    void withoutTheModuleTheVectorPathIsNotUsed() {
        boolean moduleReadable = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!moduleReadable) {
            assertEquals("scalar", Kernels.get().name());
        }
    }
}
