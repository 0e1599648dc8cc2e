package io.wabric.mpi.collective;

import io.wabric.core.faaslet.ExitCodes;
import io.wabric.mpi.error.JobAbortedException;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.p2p.Request;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs non-blocking collectives (MPI_Ibcast etc.): the call validates its arguments and opens its
 * {@link CollectiveChannel} on the rank's thread, then the same algorithm as the blocking form runs on a pooled
 * helper thread while the guest goes on; the returned request completes when it ends. This gives independent
 * progress: a rank computing between MPI_Ibarrier and MPI_Wait does not hold the others up. User reduction
 * functions still run on the rank's own thread (see {@link io.wabric.mpi.world.MpiRank#runOnRankThread}).
 */
public final class NonBlockingCollectives
{
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(work ->
    {
        final Thread thread = new Thread(work, "wabric-mpi-nbc");
        thread.setDaemon(true);
        return thread;
    });

    private NonBlockingCollectives()
    {
    }

    /**
     * Starts a collective in the background.
     *
     * @param channel the opened call.
     * @param work    the algorithm, as the blocking form runs it.
     * @return a request, completed (with the error class of a failure) when the work ends.
     */
    public static Request start(final CollectiveChannel channel, final Consumer<CollectiveChannel> work)
    {
        final Request request = Request.pending();
        HELPERS.execute(() ->
        {
            try
            {
                work.accept(channel);
                request.finish(MpiError.SUCCESS, "");
            }
            catch (final MpiException ex)
            {
                request.finish(ex.error(), ex.getMessage());
            }
            catch (final JobAbortedException ex)
            {
                // the job is ending; the rank's own thread reports it
            }
            catch (final RuntimeException ex)
            {
                channel.rank.world().fail(ExitCodes.INTERNAL_ERROR, channel.rank.worldRank(), "a non-blocking " +
                    "collective on rank " + channel.rank.worldRank() + " in " + channel.comm.name() + " failed: " + ex);
            }
        });
        return request;
    }
}
