package io.wabric.mpi.job;

import com.dylibso.chicory.wasi.WasiExitException;
import io.wabric.mpi.p2p.RemoteRoute;
import io.wabric.mpi.world.MpiWorld;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The launcher's watch over its child processes: forwards their stdout and stderr line by line (each child
 * tags its own ranks' lines), turns a child that exits with a non-zero status (killed, crashed, or an ssh that
 * could not reach its host) into a job failure naming the process and its ranks, and makes sure no child outlives
 * the job.
 */
final class ChildSupervisor
{
    /** A failing child reports its own failure over the transport; its exit status counts only if none arrives. */
    private static final long EXIT_REPORT_DELAY_MS = 500;
    /** A process killed by signal N exits, as Java reports it, with status 128 + N. */
    private static final int SIGNAL_STATUS_BASE = 128;
    /** The highest signal number (Linux's SIGRTMAX): statuses above 128 + this are plain exit statuses. */
    private static final int MAX_SIGNAL = 64;
    /** ssh's status when it fails itself (cannot resolve or reach the host, refused login), not the remote's. */
    private static final int SSH_FAILED_STATUS = 255;
    /** Longest stderr line quoted in a failure message. */
    private static final int MAX_QUOTED_LENGTH = 300;

    private final List<ChildProcess> children;
    private final List<Thread> pumps = new ArrayList<>();
    /** By child (list position): its last stderr line, which names the reason when ssh fails. */
    private final AtomicReferenceArray<String> lastErrorLines;

    ChildSupervisor(final List<ChildProcess> children)
    {
        this.children = List.copyOf(children);
        this.lastErrorLines = new AtomicReferenceArray<>(children.size());
    }

    void start(final MpiWorld world, final RemoteRoute route, final OutputStream stdout, final Object stdoutLock,
        final OutputStream stderr, final Object stderrLock)
    {
        for (int c = 0; c < children.size(); c++)
        {
            final ChildProcess child = children.get(c);
            final Process process = child.process();
            final int index = c;
            pump(world, process.getInputStream(), stdout, stdoutLock, "stdout-" + child.processIndex(), -1);
            pump(world, process.getErrorStream(), stderr, stderrLock, "stderr-" + child.processIndex(), c);
            final Thread watcher = new Thread(() -> watch(world, route, child, index), "wabric-watch-" +
                child.processIndex());
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    private void watch(final MpiWorld world, final RemoteRoute route, final ChildProcess child, final int index)
    {
        final Process process = child.process();
        try
        {
            final int status = process.waitFor();
            if (status == 0)
            {
                route.peerFinished(child.processIndex());
                return;
            }
            Thread.sleep(EXIT_REPORT_DELAY_MS);
            world.fail(status, route.firstRank(child.processIndex()), route.describe(child.processIndex()) +
                exitDescription(child, status, lastErrorLines.get(index)) + "; the other ranks were stopped");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param child         a child that exited.
     * @param status        its exit status as Java reports it.
     * @param lastErrorLine its last stderr line, or null.
     * @return how it ended, to follow the process's name: only a process started here directly can have been
     *         killed by a signal as far as its status tells (128 + N); an ssh client's 255 is its own failure, and
     *         any other status of it is the remote process's.
     */
    static String exitDescription(final ChildProcess child, final int status, final String lastErrorLine)
    {
        final Process process = child.process();
        final String host = child.sshHost();
        if (host == null)
        {
            final boolean signalled = status > SIGNAL_STATUS_BASE && status <= SIGNAL_STATUS_BASE + MAX_SIGNAL;
            return ", pid " + process.pid() + (signalled ? ", was killed by signal " + (status - SIGNAL_STATUS_BASE) +
                " (exit status " + status + ")" : ", exited with status " + status) + " before the job ended";
        }
        if (status == SSH_FAILED_STATUS)
        {
            return ": ssh to " + host + " (pid " + process.pid() + ") failed (exit status 255)" +
                (lastErrorLine == null ? "" : ": " + lastErrorLine);
        }
        return " on " + host + " (ssh pid " + process.pid() + ") exited with status " + status +
            " before the job ended";
    }

    /**
     * @param errorIndex the child (list position) whose last line to keep, or -1 for none.
     */
    private void pump(final MpiWorld world, final InputStream from, final OutputStream to, final Object lock,
        final String name, final int errorIndex)
    {
        final Thread thread = new Thread(() ->
        {
            final ByteArrayOutputStream line = new ByteArrayOutputStream();
            try (InputStream in = new BufferedInputStream(from))
            {
                int b;
                while ((b = in.read()) >= 0)
                {
                    line.write(b);
                    if (b == '\n')
                    {
                        keepLastLine(line, errorIndex);
                        forward(line, to, lock);
                    }
                }
                keepLastLine(line, errorIndex);
                forward(line, to, lock);
            }
            catch (final IOException ignored)
            {
                // the child is gone; what it wrote has been forwarded
            }
            catch (final WasiExitException ex)
            {
                // the launcher's own output went away (`wabric mpirun ... | head`): end the job as a rank whose
                // write failed would, with the status the stream chose (141, as SIGPIPE)
                world.fail(ex.exitCode(), -1, "the job's " + name + " output could not be written: its reader left");
            }
        }, "wabric-forward-" + name);
        thread.setDaemon(true);
        thread.start();
        pumps.add(thread);
    }

    private void keepLastLine(final ByteArrayOutputStream line, final int errorIndex)
    {
        if (errorIndex >= 0)
        {
            final String text = line.toString(StandardCharsets.UTF_8).strip();
            if (!text.isEmpty())
            {
                lastErrorLines.set(errorIndex, text.length() > MAX_QUOTED_LENGTH ?
                    text.substring(0, MAX_QUOTED_LENGTH) + "..." : text);
            }
        }
    }

    private static void forward(final ByteArrayOutputStream line, final OutputStream to, final Object lock)
        throws IOException
    {
        if (line.size() == 0)
        {
            return;
        }
        synchronized (lock)
        {
            line.writeTo(to);
            to.flush();
        }
        line.reset();
    }

    /**
     * Waits for every child to exit, then kills those left, and waits for their output to be forwarded.
     *
     * @param waitMs how long children get to exit on their own.
     */
    void end(final long waitMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        for (final ChildProcess child : children)
        {
            try
            {
                final long leftNs = deadlineNs - System.nanoTime();
                if (leftNs <= 0 || !child.process().waitFor(leftNs, TimeUnit.NANOSECONDS))
                {
                    child.process().descendants().forEach(ProcessHandle::destroyForcibly);
                    child.process().destroyForcibly();
                    child.process().waitFor(5, TimeUnit.SECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                child.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (final Thread pump : pumps)
        {
            try
            {
                pump.join(2_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
