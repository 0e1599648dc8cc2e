package io.wabric.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wabric mpirun} with ranks spread over several processes (Aeron IPC, and UDP over loopback standing in for
 * hosts), run as a real launcher process: the self-checking programs in tests/mpi must print what OpenMPI's mpirun
 * prints (sorted), and job-level failures in a child process (abort, trap, kill -9, time-out) must end the whole job
 * with the right status, a message naming the rank or process, and no process left behind.
 */
final class MultiProcessMpirunTest
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

    @ParameterizedTest(name = "{0} at np={1} over {2} processes {3}")
    @CsvSource({
        "p2p, 3, 2, ipc", "collectives, 4, 2, ipc", "comms, 4, 2, ipc", "datatypes, 3, 2, ipc", "hybrid, 3, 2, ipc",
        "hybrid, 2, 1, ipc", "p2p, 2, 2, udp", "rma, 3, 2, ipc", "nonblocking, 3, 2, ipc", "grow, 2, 2, ipc",
        "groups_attrs, 4, 2, ipc", "subarrays, 4, 2, ipc"})
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldMatchOpenMpiWhenRanksSpanProcesses(final String program, final int np, final int processes,
        final String transport) throws Exception
    {
        compareWithOpenMpi(program, np, "--processes", String.valueOf(processes), "--transport", transport);
    }

    @Tag("slow")
    @ParameterizedTest(name = "{0} at np={1} over {2} processes {3}")
    @CsvSource({
        "p2p, 2, 2, ipc", "p2p, 5, 3, ipc", "collectives, 3, 2, ipc", "collectives, 5, 3, ipc", "comms, 6, 4, ipc",
        "datatypes, 4, 2, ipc", "errors, 2, 2, ipc", "errors, 3, 2, ipc", "collectives, 3, 2, udp",
        "ops, 2, 2, ipc", "rma, 4, 3, ipc", "nonblocking, 4, 2, udp", "errors_rma, 2, 2, ipc",
        "groups_attrs, 2, 2, ipc", "groups_attrs, 3, 2, ipc", "groups_attrs, 5, 3, ipc",
        "subarrays, 3, 2, ipc", "subarrays, 5, 3, ipc"})
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void shouldMatchOpenMpiAtOtherSpreads(final String program, final int np, final int processes,
        final String transport) throws Exception
    {
        compareWithOpenMpi(program, np, "--processes", String.valueOf(processes), "--transport", transport);
    }

    @Tag("slow")
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void shouldMatchOpenMpiWhenHostsAreLoopbackAddresses() throws Exception
    {
        final Path hostfile = work.resolve("hosts");
        Files.writeString(hostfile, "# loopback addresses stand in for hosts\n127.0.0.1 slots=1\n127.0.0.2 slots=2\n");
        compareWithOpenMpi("collectives", 3, "--hostfile", hostfile.toString());
        compareWithOpenMpi("p2p", 3, "--host", "127.0.0.1:2,127.0.0.3:1");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldEndJobWithAbortCodeWhenRankInChildProcessAborts() throws Exception
    {
        final long startNs = System.nanoTime();
        final Launch run = launch(List.of("-np", "3", "--processes", "2", compileWabric("job_abort").toString()));
        assertEquals(7, run.exitCode, run.toString());
        assertTrue(run.stderr.contains("MPI_Abort was invoked on rank 1") && run.stderr.contains("errorcode 7"),
            run.toString());
        assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(20), "abort took too long");
        assertTrue(run.leftOver.isEmpty(), "processes left behind: " + run.leftOver);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldEndJobNamingRankWhenRankInChildProcessTraps() throws Exception
    {
        final Launch run = launch(List.of("-np", "3", "--processes", "2", compileWabric("job_trap").toString()));
        assertEquals(134, run.exitCode, run.toString());
        assertTrue(run.stderr.contains("wabric mpirun: rank 2 trapped: unreachable"), run.toString());
        assertTrue(run.leftOver.isEmpty(), "processes left behind: " + run.leftOver);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldEndJobAsATrapWhenAUserOperationOfANonBlockingCollectiveTrapsAcrossProcesses() throws Exception
    {
        final Launch run = launch(List.of("-np", "3", "--processes", "2",
            compileWabric("job_trap_user_op").toString()));
        assertEquals(134, run.exitCode, run.toString());
        assertTrue(run.stderr.matches("(?s).*wabric mpirun: rank [0-2] trapped: unreachable.*\n  at trap_on_combine" +
            "\n  at MPI_Wait\n.*"), run.toString());
        assertTrue(run.leftOver.isEmpty(), "processes left behind: " + run.leftOver);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldEndJobWithStatusOneWhenARankExitsWithoutFinalizeAcrossProcesses() throws Exception
    {
        final Launch run = launch(List.of("-np", "3", "--processes", "2",
            compileWabric("job_unfinalized").toString()));
        assertEquals(1, run.exitCode, run.toString());
        assertTrue(run.stderr.contains("wabric mpirun: rank 2 exited with status 0 after MPI_Init without calling " +
            "MPI_Finalize"), run.toString());
        assertTrue(!run.stdout.contains("not reached"), run.toString());
        assertTrue(run.leftOver.isEmpty(), "processes left behind: " + run.leftOver);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldKeepEveryRanksOutputWhenRanksFailAfterFinalizeAcrossProcesses() throws Exception
    {
        final Launch run = launch(List.of("-np", "4", "--processes", "2",
            compileWabric("job_fail_after_finalize").toString()));
        assertEquals(1, run.exitCode, run.toString());
        for (int rank = 0; rank < 4; rank++)
        {
            for (int line = 1; line <= 3; line++)
            {
                assertTrue(run.stdout.contains("rank " + rank + ": line " + line + "\n"), run.toString());
            }
        }
        assertTrue(run.leftOver.isEmpty(), "processes left behind: " + run.leftOver);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldExit124WhenDeadlockAcrossProcessesTimesOut() throws Exception
    {
        final Launch run = launch(List.of("-np", "2", "--processes", "2", "--timeout", "3",
            compileWabric("job_deadlock").toString()));
        assertEquals(124, run.exitCode, run.toString());
        assertTrue(run.stderr.contains("job timed out after 3.0 s"), run.toString());
        assertTrue(run.leftOver.isEmpty(), "processes left behind: " + run.leftOver);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldEndJobNamingProcessWhenChildProcessIsKilled() throws Exception
    {
        final Path wasm = compileWabric("job_deadlock");
        final Process launcher = start(List.of("-np", "3", "--processes", "2", wasm.toString()));
        final CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(launcher, true));
        final CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(launcher, false));
        final ProcessHandle worker = awaitWorker(launcher);
        Thread.sleep(3_000);
        final long killedNs = System.nanoTime();
        worker.destroyForcibly();
        assertTrue(launcher.waitFor(20, TimeUnit.SECONDS), "the job did not end after its child was killed");
        final String errors = stderr.get(10, TimeUnit.SECONDS);
        stdout.get(10, TimeUnit.SECONDS);
        assertEquals(137, launcher.exitValue(), errors);
        assertTrue(errors.contains("process 1 (ranks 1-2), pid " + worker.pid() + ", was killed by signal 9"), errors);
        assertTrue(System.nanoTime() - killedNs < TimeUnit.SECONDS.toNanos(10), "ending took too long");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldEndJobNamingProcessWhenChildStopsAnsweringHeartbeats() throws Exception
    {
        final Path wasm = compileWabric("job_deadlock");
        final Process launcher = start(List.of("-np", "2", "--processes", "2", "--liveness-timeout", "2",
            wasm.toString()));
        final CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(launcher, true));
        final CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(launcher, false));
        final ProcessHandle worker = awaitWorker(launcher);
        Thread.sleep(3_000);
        assertEquals(0, exec(List.of("kill", "-STOP", String.valueOf(worker.pid()))), "kill -STOP " + worker.pid());
        assertTrue(launcher.waitFor(30, TimeUnit.SECONDS), "the job did not end after its child stopped");
        final String errors = stderr.get(10, TimeUnit.SECONDS);
        stdout.get(10, TimeUnit.SECONDS);
        assertEquals(70, launcher.exitValue(), errors);
        assertTrue(errors.contains("process 1 (rank 1) failed: process 1 sent nothing for") &&
            errors.contains("liveness timeout 2000 ms"), errors);
        worker.onExit().get(10, TimeUnit.SECONDS);
        assertTrue(!worker.isAlive(), "the stopped worker was left behind");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldNameTheHostAndSshsReasonWhenSshCannotReachAHost() throws Exception
    {
        // ssh exits 255 when it fails itself; that used to read "killed by signal 127 (exit status 255)"
        final Path bin = fakeSsh("ssh-unreachable", "echo \"$@\" > \"$(dirname \"$0\")/args\"\n" +
            "echo 'ssh: connect to host 192.0.2.99 port 22: No route to host' >&2\nexit 255\n");
        final Launch run = launch(List.of("-np", "3", "--host", "localhost:2,192.0.2.99:1",
            compileWabric("hello").toString()), bin);
        assertEquals(255, run.exitCode, run.toString());
        assertTrue(run.stderr.contains("wabric mpirun: process 1 (rank 2): ssh to 192.0.2.99 (pid ") &&
            run.stderr.contains(") failed (exit status 255): ssh: connect to host 192.0.2.99 port 22: No route to " +
            "host; the other ranks were stopped"), run.toString());
        assertTrue(!run.stderr.contains("signal"), run.toString());
        final String sshArguments = Files.readString(bin.resolve("args"));
        assertTrue(sshArguments.startsWith("-o BatchMode=yes -o ConnectTimeout=10 192.0.2.99 "), sshArguments);
        assertTrue(run.leftOver.isEmpty(), "processes left behind: " + run.leftOver);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldEndJobWhenAProcessNeverJoinsWithinTheJoinTimeout() throws Exception
    {
        // an ssh that never connects nor fails: the job used to wait 60 s, two threads spinning all the while
        final Path bin = fakeSsh("ssh-silent", "echo $$ > \"$(dirname \"$0\")/pid\"\nexec sleep 600\n");
        final long startNs = System.nanoTime();
        final Launch run = launch(List.of("-np", "3", "--join-timeout", "3", "--host", "localhost:2,192.0.2.99:1",
            compileWabric("hello").toString()), bin);
        assertEquals(70, run.exitCode, run.toString());
        assertTrue(run.stderr.contains("wabric mpirun: process 1 (rank 2) failed: process 1 did not join within " +
            "3000 ms (join timeout)"), run.toString());
        assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(30), "ending took too long");
        final ProcessHandle ssh = ProcessHandle.of(Long.parseLong(Files.readString(bin.resolve("pid")).trim()))
            .orElse(null);
        if (ssh != null)
        {
            ssh.onExit().get(10, TimeUnit.SECONDS);
        }
        assertTrue(run.leftOver.isEmpty(), "processes left behind: " + run.leftOver);
    }

    /**
     * @return a directory holding an executable {@code ssh} that runs {@code body}, to put first on the launcher's
     *         PATH: hosts other than this machine are then "reached" through it, deterministically and offline.
     */
    private static Path fakeSsh(final String name, final String body) throws IOException
    {
        final Path bin = Files.createDirectories(work.resolve(name));
        final Path ssh = bin.resolve("ssh");
        Files.writeString(ssh, "#!/bin/sh\n" + body);
        assertTrue(ssh.toFile().setExecutable(true), "chmod +x " + ssh);
        return bin;
    }

    private static ProcessHandle awaitWorker(final Process launcher) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadlineNs)
        {
            final Optional<ProcessHandle> found = launcher.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("mpi-worker")).findFirst();
            if (found.isPresent())
            {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no worker process appeared");
    }

    private static void compareWithOpenMpi(final String program, final int np, final String... spread)
        throws Exception
    {
        final Path wasm = compileWabric(program);
        final Path nativeBinary = work.resolve(program + ".native");
        if (!Files.exists(nativeBinary))
        {
            final List<String> mpicc = new ArrayList<>(List.of("mpicc", "-O2"));
            if (program.equals("hybrid"))
            {
                mpicc.add("-fopenmp");
            }
            mpicc.addAll(List.of(SOURCES.resolve(program + ".c").toString(), "-o", nativeBinary.toString()));
            assertEquals(0, exec(mpicc), "mpicc " + program);
        }
        final Process openMpi = new ProcessBuilder("mpirun", "--allow-run-as-root", "--oversubscribe", "-np",
            String.valueOf(np), nativeBinary.toString()).redirectErrorStream(true).start();
        final String openMpiOutput = new String(openMpi.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, openMpi.waitFor(), "OpenMPI run of " + program + ":\n" + openMpiOutput);
        final List<String> arguments = new ArrayList<>(List.of("-np", String.valueOf(np), "--timeout", "120"));
        arguments.addAll(Arrays.asList(spread));
        arguments.add(wasm.toString());
        final Launch wabric = launch(arguments);
        assertEquals(0, wabric.exitCode, wabric.toString());
        assertEquals(sorted(openMpiOutput), sorted(wabric.stdout), "sorted output of " + program + " at np=" + np +
            " " + Arrays.toString(spread));
        assertTrue(wabric.stdout.contains("PASS: 0 failures"), wabric.stdout);
        assertTrue(wabric.leftOver.isEmpty(), "processes left behind: " + wabric.leftOver);
    }

    private static synchronized Path compileWabric(final String program)
    {
        final Path wasm = work.resolve(program + ".wasm");
        if (!Files.exists(wasm))
        {
            final List<String> cc = new ArrayList<>(List.of("cc", "-O2"));
            if (program.equals("hybrid"))
            {
                cc.add("-fopenmp");
            }
            cc.addAll(List.of(SOURCES.resolve(program + ".c").toString(), "-o", wasm.toString()));
            assertEquals(0, WabricCommand.execute(cc.toArray(new String[0])), "wabric cc " + program);
        }
        return wasm;
    }

    /** Starts {@code wabric mpirun} as its own JVM, as a user would, so child processes are real. */
    private static Process start(final List<String> mpirunArguments) throws IOException
    {
        return start(mpirunArguments, null);
    }

    /**
     * @param pathFirst a directory to put first on the launcher's PATH (a fake ssh), or null.
     */
    private static Process start(final List<String> mpirunArguments, final Path pathFirst) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss16m", "-XX:+UseParallelGC",
            "-XX:-DontCompileHugeMethods", "-XX:TieredStopAtLevel=1",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-cp",
            System.getProperty("java.class.path"), WabricCommand.class.getName(), "mpirun"));
        command.addAll(mpirunArguments);
        final ProcessBuilder builder = new ProcessBuilder(command);
        if (pathFirst != null)
        {
            builder.environment().merge("PATH", pathFirst.toString(), (path, first) -> first + ":" + path);
        }
        return builder.start();
    }

    private static Launch launch(final List<String> mpirunArguments) throws Exception
    {
        return launch(mpirunArguments, null);
    }

    private static Launch launch(final List<String> mpirunArguments, final Path pathFirst) throws Exception
    {
        final Process process = start(mpirunArguments, pathFirst);
        process.getOutputStream().close();
        final CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process, true));
        final String stdout = read(process, false);
        final List<ProcessHandle> children = new ArrayList<>();
        process.descendants().forEach(children::add);
        final int exitCode = process.waitFor();
        final List<Long> leftOver = new ArrayList<>();
        for (final ProcessHandle child : children)
        {
            child.onExit().get(5, TimeUnit.SECONDS);
        }
        process.descendants().filter(ProcessHandle::isAlive).forEach(p -> leftOver.add(p.pid()));
        return new Launch(exitCode, stdout, stderr.get(10, TimeUnit.SECONDS), leftOver);
    }

    private static String read(final Process process, final boolean errors)
    {
        try
        {
            return new String((errors ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
                StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "(unreadable: " + ex + ")";
        }
    }

    private static int exec(final List<String> command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    private static List<String> sorted(final String output)
    {
        final List<String> lines = new ArrayList<>(Arrays.asList(output.split("\n")));
        lines.removeIf(String::isEmpty);
        lines.sort(null);
        return lines;
    }

    private static final class Launch
    {
        final int exitCode;
        final String stdout;
        final String stderr;
        final List<Long> leftOver;

        Launch(final int exitCode, final String stdout, final String stderr, final List<Long> leftOver)
        {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
            this.leftOver = leftOver;
        }

        @Override
        public String toString()
        {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
