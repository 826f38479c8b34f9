package org.conv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @Test
    void printsOneRowPerShapeWithPositiveTimes(@TempDir Path dir) throws Exception {
        Path suite = dir.resolve("tiny.tsv");
        Files.writeString(suite, "# name n h w c kh kw o stride dilation padding\n"
                + "tiny_same\t1\t9\t7\t3\t3\t3\t5\t1\t1\tSAME\tnote\n"
                + "\n"
                + "tiny_valid_s2\t2\t8\t8\t4\t2\t2\t6\t2\t1\tVALID\n");
        Cli.Result r = Cli.run("bench", "--shapes", suite.toString(), "--reps", "3", "--warmup", "0");
        assertEquals(0, r.exitCode(), r.err());
        String[] rows = r.out().strip().split("\n");
        assertEquals(2, rows.length, r.out());
        assertTrue(rows[0].startsWith("tiny_same\t"), rows[0]);
        assertTrue(rows[1].startsWith("tiny_valid_s2\t"), rows[1]);
        for (String row : rows) {
            String[] f = row.split("\t");
            assertEquals(3, f.length, row);
            assertTrue(Double.parseDouble(f[1]) > 0, row);
            assertTrue(Double.parseDouble(f[2]) > 0, row);
        }
    }

    @Test
    void aBadShapesFileIsOneLineError(@TempDir Path dir) throws Exception {
        Path suite = dir.resolve("bad.tsv");
        Files.writeString(suite, "broken\t1\t2\n");
        Cli.Result r = Cli.run("bench", "--shapes", suite.toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertTrue(r.err().contains("11 tab-separated fields"), r.err());
    }
}
