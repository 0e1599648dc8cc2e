package io.wabric.mpi.job;

import io.wabric.mpi.p2p.RemoteRoute;
import io.wabric.mpi.world.MpiWorld;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The launcher's watch over its child processes: forwards their stdout and stderr line by line (each child
 * tags its own ranks' lines), turns a child that exits with a non-zero status (killed, crashed) into a job failure
 * naming the process and its ranks, and makes sure no child outlives the job.
 */
final class ChildSupervisor
{
    /** A failing child reports its own failure over the transport; its exit status counts only if none arrives. */
    private static final long EXIT_REPORT_DELAY_MS = 500;

    private final List<ChildProcess> children;
    private final List<Thread> pumps = new ArrayList<>();

    ChildSupervisor(final List<ChildProcess> children)
    {
        this.children = List.copyOf(children);
    }

    void start(final MpiWorld world, final RemoteRoute route, final OutputStream stdout, final Object stdoutLock,
        final OutputStream stderr, final Object stderrLock)
    {
        for (final ChildProcess child : children)
        {
            final Process process = child.process();
            pump(process.getInputStream(), stdout, stdoutLock, "stdout-" + child.processIndex());
            pump(process.getErrorStream(), stderr, stderrLock, "stderr-" + child.processIndex());
            final Thread watcher = new Thread(() -> watch(world, route, child), "wabric-watch-" +
                child.processIndex());
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    private static void watch(final MpiWorld world, final RemoteRoute route, final ChildProcess child)
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
            final String how = status > 128 ? "was killed by signal " + (status - 128) + " (exit status " + status +
                ")" : "exited with status " + status;
            world.fail(status, route.firstRank(child.processIndex()), route.describe(child.processIndex()) +
                ", pid " + process.pid() + ", " + how + " before the job ended; the other ranks were stopped");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void pump(final InputStream from, final OutputStream to, final Object lock, final String name)
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
                        forward(line, to, lock);
                    }
                }
                forward(line, to, lock);
            }
            catch (final IOException ignored)
            {
                // the child is gone; what it wrote has been forwarded
            }
        }, "wabric-forward-" + name);
        thread.setDaemon(true);
        thread.start();
        pumps.add(thread);
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
