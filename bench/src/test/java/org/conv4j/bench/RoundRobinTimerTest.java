package org.conv4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRobinTimerTest {
    /** Records the order of calls; takes no time. */
    private static final class Recorder implements Engine {
        private final String name;
        private final List<String> log;

        Recorder(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void call() {
            log.add(name);
        }

        @Override
        public float[] output() {
            return new float[0];
        }
    }

    @Test
    void enginesAlternateCallByCallWithRotatingStart() throws Exception {
        List<String> log = new ArrayList<>();
        List<Engine> engines = List.of(new Recorder("a", log), new Recorder("b", log), new Recorder("c", log));
        List<Timings> t = RoundRobinTimer.time(engines, new RoundRobinTimer.Budget(2, 0, 4, 4, 0, 0));
        // 2 warm-up rounds + 4 timed rounds of 3 calls.
        assertEquals(18, log.size());
        assertEquals(List.of("a", "b", "c", "b", "c", "a"), log.subList(0, 6));
        for (int round = 0; round < 6; round++) {
            List<String> r = log.subList(round * 3, round * 3 + 3);
            assertTrue(r.containsAll(List.of("a", "b", "c")), "round " + round + " " + r);
        }
        for (Timings x : t) {
            assertEquals(4, x.count());
        }
    }

    @Test
    void medianAndQuartilesInterpolate() {
        Timings t = new Timings();
        for (long v : new long[] {4_000_000, 1_000_000, 3_000_000, 2_000_000}) {
            t.add(v);
        }
        assertEquals(2.5, t.medianMs(), 1e-12);
        assertEquals(1.0, t.minMs(), 1e-12);
        assertEquals(1.75, t.quantileMs(0.25), 1e-12);
    }
}
