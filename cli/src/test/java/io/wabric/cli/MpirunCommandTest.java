package io.wabric.cli;

import io.wabric.core.engine.ModuleLoader;
import io.wabric.mpi.job.JobResult;
import io.wabric.mpi.job.MpiJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The self-checking MPI programs in tests/mpi, built with OpenMPI's mpicc and with {@code wabric cc}, run with
 * OpenMPI's mpirun and with Wabric's in-JVM ranks: each must pass and both runs must print the same lines (sorted,
 * since ranks print concurrently). rma cannot run at np=1: OpenMPI 4.1 has no one-sided component for a single
 * process (MPI_Win_create fails with MPI_ERR_WIN). Job-level programs check abort, trap, fatal errors and time-outs.
 */
final class MpirunCommandTest
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path SOURCES = ROOT.resolve("tests").resolve("mpi");

    @TempDir
    static Path work;

    @BeforeAll
    static void requireOpenMpi()
    {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/mpicc")),
            "OpenMPI's mpicc is needed for the differential MPI tests: scripts/install-toolchain.sh --with-baselines");
    }

    @ParameterizedTest(name = "{0} at np={1}")
    @CsvSource({
        "p2p, 2", "p2p, 3", "collectives, 3", "collectives, 4", "datatypes, 3", "comms, 4", "errors, 2", "rma, 3",
        "nonblocking, 3", "errors_rma, 2", "ops, 3", "grow, 2", "groups_attrs, 3",
        "subarrays, 4"})
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldMatchOpenMpiWhenRunInOneJvm(final String program, final int np) throws Exception
    {
        compareWithOpenMpi(program, np);
    }

    @Tag("slow")
    @ParameterizedTest(name = "{0} at np={1}")
    @CsvSource({
        "p2p, 1", "p2p, 4", "p2p, 5", "collectives, 1", "collectives, 2", "collectives, 5", "datatypes, 1",
        "datatypes, 2", "datatypes, 4", "comms, 1", "comms, 2", "comms, 3", "comms, 6", "errors, 1", "errors, 3",
        "rma, 2", "rma, 4", "rma, 5", "nonblocking, 1", "nonblocking, 2", "nonblocking, 4", "nonblocking, 5",
        "errors_rma, 3", "errors_rma, 4", "ops, 1", "ops, 2", "ops, 5", "groups_attrs, 1", "groups_attrs, 2",
        "groups_attrs, 4", "groups_attrs, 5", "subarrays, 1",
        "subarrays, 2", "subarrays, 3", "subarrays, 5"})
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void shouldMatchOpenMpiAtOtherWorldSizes(final String program, final int np) throws Exception
    {
        compareWithOpenMpi(program, np);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldFailAtLinkTimeNamingAnMpiFunctionWabricLacks()
    {
        final Path module = work.resolve("link_missing.wasm");
        final GuestProgram.Result wabric = GuestProgram.wabric(List.of("cc", "-O2",
            SOURCES.resolve("link_missing.c").toString(), "-o", module.toString()), null, null);
        assertTrue(wabric.exitCode != 0, wabric::toString);
        assertTrue(wabric.stderr.contains("undefined symbol: MPI_Comm_spawn_multiple"), wabric::toString);
        assertTrue(!Files.exists(module), "no module may be written");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldEndJobWithAbortCodeWhenRankCallsMpiAbort() throws Exception
    {
        final long startNs = System.nanoTime();
        final Run run = runWabric(compileWabric("job_abort"), 3, 0);
        assertEquals(7, run.result.exitCode(), run.toString());
        assertTrue(run.result.failure().message().contains("rank 1") &&
            run.result.failure().message().contains("errorcode 7"), run.toString());
        assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(10), "abort took too long");
        assertEquals(0, run.result.strandedThreads());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldEndJobWithStatusOneWhenARankExitsWithoutFinalize() throws Exception
    {
        final long startNs = System.nanoTime();
        final Run run = runWabric(compileWabric("job_unfinalized"), 3, 0);
        assertEquals(1, run.result.exitCode(), run.toString());
        assertTrue(run.result.failure().message().startsWith("rank 2 exited with status 0 after MPI_Init without " +
            "calling MPI_Finalize"), run.toString());
        assertTrue(!run.stdout.contains("not reached"), run.toString());
        assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(10), "the job took too long to end");
        assertEquals(0, run.result.strandedThreads());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldKeepEveryRanksOutputWhenRanksFailAfterFinalize() throws Exception
    {
        final Path wasm = compileWabric("job_fail_after_finalize");
        for (int attempt = 0; attempt < 5; attempt++)
        {
            final Run run = runWabric(wasm, 4, 0);
            assertEquals(1, run.result.exitCode(), run.toString());
            for (int rank = 0; rank < 4; rank++)
            {
                for (int line = 1; line <= 3; line++)
                {
                    assertTrue(run.stdout.contains("rank " + rank + ": line " + line + "\n"),
                        "attempt " + attempt + " lost rank " + rank + "'s line " + line + ": " + run);
                }
            }
            assertEquals(0, run.result.strandedThreads());
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldEndJobNamingRankWhenOneRankTraps() throws Exception
    {
        final Run run = runWabric(compileWabric("job_trap"), 3, 0);
        assertEquals(134, run.result.exitCode(), run.toString());
        assertTrue(run.result.failure().message().startsWith("rank 2 trapped: unreachable"), run.toString());
        assertEquals(0, run.result.strandedThreads());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldReportATrapInAUserOperationOfANonBlockingCollectiveAsTheRanksTrap() throws Exception
    {
        final Run run = runWabric(compileWabric("job_trap_user_op"), 3, 0);
        assertEquals(134, run.result.exitCode(), run.toString());
        final String message = run.result.failure().message();
        assertTrue(message.matches("(?s)rank [0-2] trapped: unreachable instruction executed.*"), run.toString());
        assertTrue(message.contains("  at trap_on_combine\n  at MPI_Wait\n  at main"), run.toString());
        assertTrue(!run.stdout.contains("not reached"), run.toString());
        assertEquals(0, run.result.strandedThreads());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldAbortWithErrorClassWhenArgumentIsBadUnderErrorsAreFatal() throws Exception
    {
        final Run run = runWabric(compileWabric("job_fatal"), 3, 0);
        assertEquals(6, run.result.exitCode(), run.toString());
        assertTrue(run.stderr.contains("MPI_Send on rank 0: dest=3 is not a rank of MPI_COMM_WORLD (size 3)") &&
            run.stderr.contains("MPI_ERR_RANK"), run.toString());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldAbortNamingCallRankAndValueWhenWindowArgumentIsBad() throws Exception
    {
        final Run run = runWabric(compileWabric("job_fatal_rma"), 3, 0);
        assertEquals(6, run.result.exitCode(), run.toString());
        assertTrue(run.stderr.contains("MPI_Put on rank 0: target_rank=3 is not a rank of window(MPI_COMM_WORLD) " +
            "(size 3)") && run.stderr.contains("MPI_ERR_RANK"), run.toString());
        assertTrue(!run.stdout.contains("not reached"), run.toString());
        assertEquals(0, run.result.strandedThreads());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldExit124WhenDeadlockedJobTimesOut() throws Exception
    {
        final Run run = runWabric(compileWabric("job_deadlock"), 2, 2_000);
        assertEquals(124, run.result.exitCode(), run.toString());
        assertTrue(run.result.failure().message().contains("timed out"), run.toString());
        assertEquals(0, run.result.strandedThreads());
    }

    private static void compareWithOpenMpi(final String program, final int np) throws Exception
    {
        final Path wasm = compileWabric(program);
        final Path nativeBinary = work.resolve(program + ".native");
        if (!Files.exists(nativeBinary))
        {
            assertEquals(0, exec(List.of("mpicc", "-O2", SOURCES.resolve(program + ".c").toString(), "-o",
                nativeBinary.toString())).exitCode, "mpicc " + program);
        }
        final Exec openMpi = exec(List.of("mpirun", "--allow-run-as-root", "--oversubscribe", "-np",
            String.valueOf(np), nativeBinary.toString()));
        assertEquals(0, openMpi.exitCode, "OpenMPI run of " + program + ":\n" + openMpi.output);
        final Run wabric = runWabric(wasm, np, 120_000);
        assertEquals(0, wabric.result.exitCode(), wabric.toString());
        assertEquals(sorted(openMpi.output), sorted(wabric.stdout), "sorted output of " + program + " at np=" + np);
        assertTrue(wabric.stdout.contains("PASS: 0 failures"), wabric.stdout);
    }

    private static synchronized Path compileWabric(final String program)
    {
        final Path wasm = work.resolve(program + ".wasm");
        if (!Files.exists(wasm))
        {
            assertEquals(0, WabricCommand.execute("cc", "-O2", SOURCES.resolve(program + ".c").toString(), "-o",
                wasm.toString()), "wabric cc " + program);
        }
        return wasm;
    }

    private static Run runWabric(final Path wasm, final int np, final long timeoutMs)
    {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final JobResult result = new MpiJob(ModuleLoader.withDefaultCache().load(wasm), np)
            .arguments(List.of(wasm.getFileName().toString()))
            .stdio(InputStream.nullInputStream(), stdout, stderr)
            .timeoutMs(timeoutMs)
            .run();
        return new Run(result, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }

    private static List<String> sorted(final String output)
    {
        final List<String> lines = new ArrayList<>(Arrays.asList(output.split("\n")));
        lines.removeIf(String::isEmpty);
        lines.sort(null);
        return lines;
    }

    private static Exec exec(final List<String> command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Exec(process.waitFor(), output);
    }

    private static final class Exec
    {
        final int exitCode;
        final String output;

        Exec(final int exitCode, final String output)
        {
            this.exitCode = exitCode;
            this.output = output;
        }
    }

    private static final class Run
    {
        final JobResult result;
        final String stdout;
        final String stderr;

        Run(final JobResult result, final String stdout, final String stderr)
        {
            this.result = result;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public String toString()
        {
            return result + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
