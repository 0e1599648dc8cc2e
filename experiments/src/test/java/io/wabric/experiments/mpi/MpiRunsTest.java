package io.wabric.experiments.mpi;

import io.wabric.experiments.BenchContext;
import io.wabric.experiments.ExperimentPlan;
import io.wabric.experiments.Progress;
import io.wabric.experiments.program.RunVariant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MpiRunsTest
{
    @Test
    void shouldGiveWabricTheTeamSizeAsThreadsAndForwardIt(@TempDir final Path dir)
    {
        final MpiRuns runs = runs(dir);
        final RunVariant ipc = variant("wabric-ipc");
        final List<String> command = runs.command(ipc, Map.of(true, dir.resolve("heat"), false,
            dir.resolve("heat.wasm")), 2, 2, Map.of(), List.of("512", "100"));
        final String line = String.join(" ", command);
        assertTrue(line.endsWith("mpirun -np 2 --processes 2 --threads 2 -x OMP_NUM_THREADS=2 " +
            dir.resolve("heat.wasm") + " 512 100"), line);
    }

    @Test
    void shouldUnbindNativeRanksOnlyWhenTheyRunTeams(@TempDir final Path dir)
    {
        final MpiRuns runs = runs(dir);
        final Map<Boolean, Path> programs = Map.of(true, dir.resolve("heat"), false, dir.resolve("heat.wasm"));
        final String teams = String.join(" ", runs.command(variant("native"), programs, 1, 2, Map.of(), List.of()));
        assertTrue(teams.contains("--bind-to none -np 1 -x OMP_NUM_THREADS " + dir.resolve("heat")), teams);
        final String single = String.join(" ", runs.command(variant("native"), programs, 2, 1, Map.of(), List.of()));
        assertFalse(single.contains("--bind-to"), single);
        assertTrue(single.contains("-x OMP_NUM_THREADS"), single);
        final String plain = String.join(" ", runs.command(variant("wabric"), programs, 2, 0, Map.of(), List.of()));
        assertFalse(plain.contains("--threads"), plain);
    }

    @Test
    void shouldRunTheTcpReferenceOverLoopbackTcp(@TempDir final Path dir)
    {
        final MpiRuns runs = runs(dir);
        final Map<Boolean, Path> programs = Map.of(true, dir.resolve("bench"), false, dir.resolve("bench.wasm"));
        final String line = String.join(" ", runs.command(variant(MpiRuns.NATIVE_TCP), programs, 2, 0, Map.of(),
            List.of("pingpong")));
        assertTrue(line.contains("--oversubscribe --mca btl self,tcp --mca btl_tcp_if_include lo -np 2 " +
            dir.resolve("bench") + " pingpong"), line);
        assertTrue(variant(MpiRuns.NATIVE_TCP).isOptional(), "probed: a machine may not allow TCP on loopback");
        assertEquals(MpiRuns.NATIVE_TCP, MpiRuns.secondReference(MpiRuns.UDP).orElseThrow());
        assertTrue(MpiRuns.secondReference("wabric-ipc").isEmpty());
    }

    @Test
    void shouldMeasureTheGoalSizesOfIssueFive()
    {
        final MpiExperiment pingpong = new MpiExperiment("pingpong", "test", 4L << 20, 2, 2);
        assertTrue(pingpong.sizes(true).contains(1L << 20));
        assertTrue(pingpong.sizes(true).contains(8L));
        assertEquals(20, pingpong.sizes(false).size());
        final MpiExperiment allreduce = new MpiExperiment("allreduce", "test", 8L << 20, 4, 64);
        assertEquals(List.of(8L, 512L, 32768L, 2097152L, 8388608L), allreduce.sizes(true));
    }

    private static RunVariant variant(final String name)
    {
        return MpiRuns.VARIANTS.stream().filter(variant -> variant.name().equals(name)).findFirst().orElseThrow();
    }

    private static MpiRuns runs(final Path dir)
    {
        final ExperimentPlan plan = ExperimentPlan.select(List.of(), List.of(), true);
        final Progress progress = new Progress(new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));
        return new MpiRuns(new BenchContext(dir, dir.resolve("out"), plan, progress, 1000), true);
    }
}
