package io.wabric.experiments;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest
{
    @Test
    void shouldRejectUnknownExperimentWithStatusTwo(@TempDir final Path dir)
    {
        assertEquals(2, BenchCommand.execute("--only", "nosuch", "--out", dir.toString()));
    }

    @Test
    @Tag("slow")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldMeasureOneKernelNativelyAndOnWabricWhenQuick(@TempDir final Path dir) throws Exception
    {
        final Path docs = dir.resolve("docs");
        assertEquals(0, BenchCommand.execute("--quick", "--only", "collatz", "--out", dir.toString(), "--docs",
            docs.toString()));

        final List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals(3, csv.size(), csv.toString());
        assertTrue(csv.get(1).startsWith("kernels,collatz,native,1,"), csv.toString());
        assertTrue(csv.get(2).startsWith("kernels,collatz,wabric,1,"), csv.toString());
        final String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("| collatz |"), report);
        assertTrue(report.contains("**geometric mean**"), report);
        assertTrue(Files.size(dir.resolve("kernels-ratio.png")) > 0);
        assertTrue(Files.readString(docs.resolve("performance.md")).contains("(img/kernels-ratio.png)"));
        assertTrue(Files.isRegularFile(docs.resolve("img").resolve("kernels-time.png")));
    }
}
