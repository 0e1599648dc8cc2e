package io.wabric.experiments.goal;

import io.wabric.experiments.result.Measurement;
import io.wabric.experiments.result.Results;
import io.wabric.experiments.result.Summary;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoalEvaluatorTest
{
    @Test
    void shouldMeetTheKernelGoalWhenTheGeometricMeanIsAtMostTwo()
    {
        final Results results = new Results()
            .add(row("kernels", "matmul", "native", 1, Measurement.NO_SIZE, 10))
            .add(row("kernels", "matmul", "wabric", 1, Measurement.NO_SIZE, 10))
            .add(row("kernels", "spmv", "native", 1, Measurement.NO_SIZE, 10))
            .add(row("kernels", "spmv", "wabric", 1, Measurement.NO_SIZE, 40));
        final Goal goal = GoalEvaluator.kernels(results);
        assertEquals(Goal.Verdict.MET, goal.verdict());
        assertEquals("2.00x over 2 kernel(s)", goal.measured());

        results.add(row("kernels", "jacobi", "native", 1, Measurement.NO_SIZE, 10))
            .add(row("kernels", "jacobi", "wabric", 1, Measurement.NO_SIZE, 80));
        assertEquals(Goal.Verdict.NOT_MET, GoalEvaluator.kernels(results).verdict());
    }

    @Test
    void shouldSayNotMeasuredWhenTheRunHasNoRows()
    {
        final List<Goal> goals = GoalEvaluator.evaluate(new Results(), false, 60);
        assertTrue(goals.stream().filter(goal -> goal.issue() != 6)
            .allMatch(goal -> goal.verdict() == Goal.Verdict.NOT_MEASURED), goals.toString());
        assertEquals(Goal.Verdict.MET, goals.get(goals.size() - 1).verdict());
    }

    @Test
    void shouldCompareOpenMpOverheadsWithFiveTimesLibgompWhenAboveTheNoise()
    {
        final Results results = new Results()
            .add(row("openmp", "overhead-parallel", "native", 2, Measurement.NO_SIZE, 1.0))
            .add(row("openmp", "overhead-parallel", "wabric-shared", 2, Measurement.NO_SIZE, 4.0))
            .add(row("openmp", "overhead-barrier", "native", 2, Measurement.NO_SIZE, 0.5))
            .add(row("openmp", "overhead-barrier", "wabric-shared", 2, Measurement.NO_SIZE, 3.0));
        assertEquals(Goal.Verdict.MET, GoalEvaluator.overhead(results, "parallel", "wabric-shared").verdict());
        final Goal barrier = GoalEvaluator.overhead(results, "barrier", "wabric-shared");
        assertEquals(Goal.Verdict.NOT_MET, barrier.verdict());
        assertEquals("3.00 us vs 0.500 us: 6.00x", barrier.measured());

        results.add(row("openmp", "overhead-parallel", "wabric-fork", 2, Measurement.NO_SIZE, -0.2));
        final Goal noise = GoalEvaluator.overhead(results, "parallel", "wabric-fork");
        assertEquals(Goal.Verdict.NOT_MEASURED, noise.verdict());
        assertTrue(noise.measured().startsWith("-0.200 us vs 1.00 us: a median at or below 0 means the timing noise"),
            noise.measured());
    }

    @Test
    void shouldNameTheWorstOpenMpKernelAndSpeedUp()
    {
        final Results results = new Results()
            .add(row("openmp", "omp-matmul", "native", 1, 256, 10))
            .add(row("openmp", "omp-matmul", "native", 2, 256, 5))
            .add(row("openmp", "omp-matmul", "wabric-fork", 1, 256, 15))
            .add(row("openmp", "omp-matmul", "wabric-fork", 2, 256, 12))
            .add(row("openmp", "omp-stencil", "native", 1, 512, 10))
            .add(row("openmp", "omp-stencil", "native", 2, 512, 6))
            .add(row("openmp", "omp-stencil", "wabric-fork", 1, 512, 18))
            .add(row("openmp", "omp-stencil", "wabric-fork", 2, 512, 9));
        final Goal kernels = GoalEvaluator.openMpKernels(results, "wabric-fork");
        assertEquals(Goal.Verdict.NOT_MET, kernels.verdict());
        assertTrue(kernels.measured().startsWith("worst 2.40x (omp-matmul at 2T) of 4"), kernels.measured());
        final Goal speedup = GoalEvaluator.speedup(results, "wabric-fork");
        assertEquals(Goal.Verdict.NOT_MET, speedup.verdict());
        assertTrue(speedup.measured().startsWith("worst 1.25x (omp-matmul); native in the same run: " +
            "omp-matmul 2.00x"), speedup.measured());
    }

    @Test
    void shouldCheckMpiGoalsAtTheirSizes()
    {
        final Results results = new Results()
            .add(row("mpi", "mpi-pingpong", "native", 2, 8, 0.5))
            .add(row("mpi", "mpi-pingpong", "wabric", 2, 8, 0.4))
            .add(row("mpi", "mpi-pingpong", "native", 2, 1 << 20, 100))
            .add(row("mpi", "mpi-pingpong", "wabric", 2, 1 << 20, 200))
            .add(row("mpi", "mpi-pingpong", "wabric-ipc", 2, 1 << 20, 90))
            .add(row("mpi", "mpi-allreduce", "native", 2, 8 << 20, 5000))
            .add(row("mpi", "mpi-allreduce", "wabric", 2, 8 << 20, 4000));
        final Goal roundTrip = GoalEvaluator.roundTrip(results);
        assertEquals(Goal.Verdict.MET, roundTrip.verdict());
        assertEquals("0.800 us vs 1.00 us: 0.800x", roundTrip.measured());
        assertEquals(Goal.Verdict.NOT_MET, GoalEvaluator.bandwidth(results, "wabric").verdict());
        assertEquals(Goal.Verdict.MET, GoalEvaluator.bandwidth(results, "wabric-ipc").verdict());
        assertEquals(Goal.Verdict.MET, GoalEvaluator.allreduce(results, "wabric").verdict());
        assertEquals(Goal.Verdict.NOT_MEASURED, GoalEvaluator.allreduce(results, "wabric-ipc").verdict());
    }

    @Test
    void shouldShowUdpAgainstOpenMpiOverTcpButJudgeItAgainstNative()
    {
        final Results results = new Results()
            .add(row("mpi", "mpi-pingpong", "native", 2, 1 << 20, 100))
            .add(row("mpi", "mpi-pingpong", "native-tcp", 2, 1 << 20, 200))
            .add(row("mpi", "mpi-pingpong", "wabric-udp", 2, 1 << 20, 400))
            .add(row("mpi", "mpi-allreduce", "native", 2, 8 << 20, 2000))
            .add(row("mpi", "mpi-allreduce", "native-tcp", 2, 8 << 20, 4000))
            .add(row("mpi", "mpi-allreduce", "wabric-udp", 2, 8 << 20, 8000));
        final Goal bandwidth = GoalEvaluator.bandwidth(results, "wabric-udp");
        assertEquals(Goal.Verdict.NOT_MET, bandwidth.verdict());
        assertEquals("2621 MB/s vs 10486 MB/s: 0.250x; OpenMPI over TCP (native-tcp) 5243 MB/s: 0.500x",
            bandwidth.measured());
        final Goal allreduce = GoalEvaluator.allreduce(results, "wabric-udp");
        assertEquals("8000 us vs 2000 us: 4.00x; OpenMPI over TCP (native-tcp) 4000 us: 2.00x", allreduce.measured());
        assertEquals(List.of("wabric-udp"), GoalEvaluator.evaluate(results, false, 60).stream()
            .filter(goal -> goal.statement().startsWith("MPI 8 MiB"))
            .map(goal -> goal.statement().replaceAll(".*\\((.*)\\)$", "$1")).toList(),
            "OpenMPI over TCP is a reference, not a variant with goals");
    }

    @Test
    void shouldMeasureTheSnapshotSavingAndTheQuickDuration()
    {
        final Results results = new Results()
            .add(row("startup", "costly_init", "wabric-warm", 1, Measurement.NO_SIZE, 2000))
            .add(row("startup", "costly_init", "wabric-snapshot", 1, Measurement.NO_SIZE, 1500));
        final Goal snapshot = GoalEvaluator.snapshotStart(results);
        assertEquals(Goal.Verdict.MET, snapshot.verdict());
        assertEquals("2000 ms -> 1500 ms: 500 ms saved (25%)", snapshot.measured());
        assertEquals(Goal.Verdict.MET, GoalEvaluator.duration(true, 200).verdict());
        assertEquals(Goal.Verdict.NOT_MET, GoalEvaluator.duration(true, 400).verdict());
    }

    private static Measurement row(final String group, final String experiment, final String variant,
        final int threads, final long size, final double median)
    {
        return new Measurement(group, experiment, variant, threads, size, Summary.of(median), "us");
    }
}
