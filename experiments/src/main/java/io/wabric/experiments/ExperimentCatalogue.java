package io.wabric.experiments;

import io.wabric.experiments.density.DensityExperiment;
import io.wabric.experiments.density.DensitySection;
import io.wabric.experiments.kernel.KernelExperiment;
import io.wabric.experiments.kernel.KernelSection;
import io.wabric.experiments.mpi.MpiExperiment;
import io.wabric.experiments.mpi.MpiSection;
import io.wabric.experiments.openmp.OpenMpKernelExperiment;
import io.wabric.experiments.openmp.OpenMpSection;
import io.wabric.experiments.openmp.OverheadExperiment;
import io.wabric.experiments.proxy.HeatExperiment;
import io.wabric.experiments.proxy.ProxySection;
import io.wabric.experiments.report.ReportSection;
import io.wabric.experiments.startup.SnapshotStartExperiment;
import io.wabric.experiments.startup.StartupExperiment;
import io.wabric.experiments.startup.StartupSection;

import java.util.ArrayList;
import java.util.List;

/**
 * Every experiment {@code wabric bench} knows, in run order, and the report sections that show them. To add an
 * experiment, add it here (and its section, when its group is new).
 */
public final class ExperimentCatalogue
{
    /** The serial kernels: name, what it stresses, full size, quick size. */
    static final List<KernelExperiment> KERNELS = List.of(
        new KernelExperiment("matmul", "dense matrix multiply C = A B, N x N doubles, i-k-j order", 512, 384),
        new KernelExperiment("jacobi", "5-point Jacobi stencil, N x N doubles, 10 sweeps per repetition", 2048, 1024),
        new KernelExperiment("collatz", "integer kernel: total Collatz steps of 1..N (64-bit arithmetic, branches)",
            1_000_000, 500_000),
        new KernelExperiment("transpose", "B += A^T; A += 1, N x N doubles in 32 x 32 tiles (strided access)", 2048,
            1024),
        new KernelExperiment("nstream", "STREAM triad A += B + s C over N doubles (memory bandwidth)", 8_000_000,
            4_000_000),
        new KernelExperiment("spmv", "CSR sparse matrix-vector product, N rows x 16 non-zeros, 4 per repetition",
            500_000, 200_000));

    /** The OpenMP kernels: kernel, what it computes, full size, quick size. */
    static final List<OpenMpKernelExperiment> OPENMP_KERNELS = List.of(
        new OpenMpKernelExperiment("matmul", "dense matrix multiply, N x N doubles, rows of C shared out statically",
            384, 256),
        new OpenMpKernelExperiment("stencil", "5-point Jacobi stencil, N x N doubles, 10 sweeps (10 parallel " +
            "regions) per repetition", 1024, 512),
        new OpenMpKernelExperiment("transpose", "B += A^T; A += 1, N x N doubles in 32 x 32 tiles, rows of tiles " +
            "shared out statically", 2048, 1024));

    /**
     * The MPI tests: mpi_bench test, what it measures, largest message, size steps of the full and the quick run.
     * Ping-pong steps by 2 so that 1 MiB, the size of issue 5's bandwidth goal, is measured in both; allreduce's
     * largest size is issue 5's 8 MiB.
     */
    static final List<MpiExperiment> MPI = List.of(
        new MpiExperiment("pingpong", "ping-pong between rank 0 and rank 1: latency (half a round trip) and " +
            "bandwidth, 8 B to 4 MiB", 4L << 20, 2, 2),
        new MpiExperiment("allreduce", "MPI_Allreduce(MPI_SUM) of doubles, 8 B to 8 MiB", 8L << 20,
            MpiExperiment.FULL_STEP, MpiExperiment.QUICK_STEP),
        new MpiExperiment("alltoall", "MPI_Alltoall of bytes, 8 B to 1 MiB to each rank", 1L << 20,
            MpiExperiment.FULL_STEP, MpiExperiment.QUICK_STEP),
        new MpiExperiment("barrier", "MPI_Barrier", 8, MpiExperiment.FULL_STEP, MpiExperiment.QUICK_STEP));

    private ExperimentCatalogue()
    {
    }

    /**
     * @return every experiment, in run order.
     */
    public static List<Experiment> experiments()
    {
        final List<Experiment> experiments = new ArrayList<>(KERNELS);
        experiments.addAll(OPENMP_KERNELS);
        experiments.add(new OverheadExperiment());
        experiments.addAll(MPI);
        experiments.add(new HeatExperiment());
        experiments.add(new StartupExperiment());
        experiments.add(new SnapshotStartExperiment());
        experiments.add(new DensityExperiment());
        return experiments;
    }

    /**
     * @return every report section, in report order.
     */
    public static List<ReportSection> sections()
    {
        return List.of(new KernelSection(KERNELS), new OpenMpSection(OPENMP_KERNELS),
            new MpiSection(MPI), new ProxySection(), new StartupSection(),
            new DensitySection());
    }
}
