package io.wabric.openmp;

import com.dylibso.chicory.runtime.Memory;
import io.wabric.openmp.schedule.DispatchLoop;
import io.wabric.openmp.schedule.LoopIndex;
import io.wabric.openmp.schedule.ScheduleKind;
import io.wabric.openmp.schedule.StaticSchedule;

/**
 * Worksharing entry points: static and dispatched loops, ordered iterations, {@code single} with
 * {@code copyprivate}, and reductions.
 */
final class Worksharing
{
    /** {@code __kmpc_reduce} result: combine here (under the lock unless the team has one thread). */
    static final int REDUCE_COMBINE_HERE = 1;
    /** {@code __kmpc_reduce} result: combine with atomics. */
    static final int REDUCE_ATOMIC = 2;
    /** Offset of {@code flags} in clang's {@code ident_t}. */
    static final int IDENT_FLAGS_OFFSET = 4;
    /** {@code KMP_IDENT_ATOMIC_REDUCE}: the compiler emitted the atomic reduction variant. */
    static final int IDENT_ATOMIC_REDUCE = 0x10;

    private final OpenMpRuntime runtime;
    private final Synchronisation synchronisation;

    Worksharing(final OpenMpRuntime runtime, final Synchronisation synchronisation)
    {
        this.runtime = runtime;
        this.synchronisation = synchronisation;
    }

    /**
     * {@code __kmpc_for_static_init_*(loc, gtid, schedtype, plastiter, plower, pupper, pstride, incr, chunk)}.
     */
    void staticInit(
        final OmpThread self,
        final LoopIndex index,
        final int schedule,
        final int lastAddress,
        final int lowerAddress,
        final int upperAddress,
        final int strideAddress,
        final long increment,
        final long chunk)
    {
        final Memory memory = self.guest.memory();
        final TeamFrame frame = self.frame;
        final int plain = ScheduleKind.plain(schedule);
        final boolean chunked = plain == 33 || plain == 93 || (plain == 44 && chunk > 0);
        final StaticSchedule share = new StaticSchedule().partition(index, chunked,
            index.read(memory, lowerAddress), index.read(memory, upperAddress), increment == 0 ? 1 : increment,
            chunk, frame.threadNum, frame.team.size());
        index.write(memory, lowerAddress, share.lower);
        index.write(memory, upperAddress, share.upper);
        index.write(memory, strideAddress, share.stride);
        if (lastAddress != 0)
        {
            memory.writeI32(lastAddress, share.last ? 1 : 0);
        }
    }

    /**
     * {@code __kmpc_dispatch_init_*(loc, gtid, schedule, lb, ub, st, chunk)}.
     */
    void dispatchInit(
        final OmpThread self,
        final LoopIndex index,
        final int schedule,
        final long lower,
        final long upper,
        final long increment,
        final long chunk)
    {
        final TeamFrame frame = self.frame;
        final long sequence = frame.loopsSeen++;
        int plain = ScheduleKind.plain(schedule);
        long chunkSize = chunk;
        ScheduleKind kind;
        if (plain == ScheduleKind.KMP_RUNTIME)
        {
            kind = ScheduleKind.ofOmp(self.runScheduleIcv, self.runChunkIcv);
            chunkSize = self.runChunkIcv;
        }
        else if (plain == ScheduleKind.KMP_AUTO)
        {
            kind = ScheduleKind.STATIC;
        }
        else
        {
            kind = ScheduleKind.ofKmp(plain, chunk);
        }
        final ScheduleKind resolved = kind;
        final long resolvedChunk = chunkSize;
        final boolean ordered = ScheduleKind.ordered(schedule);
        final int teamSize = frame.team.size();
        self.frame.dispatchLoop = frame.team.loop(sequence,
            () -> new DispatchLoop(index, resolved, ordered, lower, upper, increment, resolvedChunk, teamSize));
        self.frame.dispatchSequence = sequence;
        self.frame.cursor.reset();
    }

    /**
     * {@code __kmpc_dispatch_next_*(loc, gtid, p_last, p_lb, p_ub, p_st)}.
     *
     * @return 1 with a chunk, 0 when the loop is finished for this thread.
     */
    int dispatchNext(
        final OmpThread self,
        final LoopIndex index,
        final int lastAddress,
        final int lowerAddress,
        final int upperAddress,
        final int strideAddress)
    {
        final DispatchLoop loop = self.frame.dispatchLoop;
        if (loop == null)
        {
            return 0;
        }
        if (!loop.next(self.frame.cursor, self.frame.threadNum))
        {
            self.frame.team.retireLoop(self.frame.dispatchSequence, loop);
            self.frame.dispatchLoop = null;
            return 0;
        }
        final Memory memory = self.guest.memory();
        index.write(memory, lowerAddress, loop.valueAt(self.frame.cursor.chunkStart));
        index.write(memory, upperAddress, loop.valueAt(self.frame.cursor.chunkEnd));
        if (strideAddress != 0)
        {
            index.write(memory, strideAddress, loop.increment());
        }
        if (lastAddress != 0)
        {
            memory.writeI32(lastAddress, loop.isLast(self.frame.cursor.chunkEnd) ? 1 : 0);
        }
        return 1;
    }

    /**
     * {@code __kmpc_dispatch_fini_*}: the end of one iteration of an ordered loop passes the ordered turn on.
     */
    void dispatchFini(final OmpThread self)
    {
        final DispatchLoop loop = self.frame.dispatchLoop;
        if (loop == null || !loop.ordered())
        {
            return;
        }
        final long iteration = self.frame.cursor.orderedIteration;
        Waits.await(self, self.frame.team, runtime, () -> loop.isOrderedTurn(iteration));
        ForkBridge.release(self);
        loop.passOrderedTurn(iteration);
        self.frame.cursor.orderedIteration = iteration + 1;
    }

    /**
     * {@code __kmpc_ordered}: waits until every earlier iteration has finished.
     */
    void ordered(final OmpThread self)
    {
        final DispatchLoop loop = self.frame.dispatchLoop;
        if (loop == null || !loop.ordered())
        {
            return;
        }
        final long iteration = self.frame.cursor.orderedIteration;
        Waits.await(self, self.frame.team, runtime, () -> loop.isOrderedTurn(iteration));
        ForkBridge.acquire(self);
    }

    /**
     * @return 1 for the thread that runs the {@code single} block.
     */
    int single(final OmpThread self)
    {
        return self.frame.team.claimSingle(self.frame) ? 1 : 0;
    }

    /**
     * {@code __kmpc_copyprivate(loc, gtid, size, data, copyFunction, didit)}: the single thread publishes its data,
     * the others copy it with the compiler's copy function.
     */
    void copyprivate(final OmpThread self, final int data, final int copyFunction, final int didIt)
    {
        final Team team = self.frame.team;
        if (didIt != 0)
        {
            team.copyprivateData(data);
        }
        team.barrier(self);
        if (didIt == 0)
        {
            self.guest.callFunctionPointer(copyFunction, data, team.copyprivateData());
        }
        team.barrier(self);
    }

    /**
     * {@code __kmpc_reduce(_nowait)}: chooses libomp's reduction method. In shared mode, when the compiler generated
     * the atomic variant ({@code KMP_IDENT_ATOMIC_REDUCE} in the {@code ident_t} flags), every thread combines its
     * partial result with Wasm atomics (or clang's own {@code .atomic_reduction} critical for what has no atomic
     * form) and no lock is taken here. Otherwise, and always in fork mode (where atomics would travel through home
     * one by one), every thread combines under the reduction's lock (libomp's critical method). Both are correct
     * for any team size; a team of one combines directly.
     *
     * @param loc         the {@code ident_t} address.
     * @param lockAddress the reduction's {@code kmp_critical_name}.
     * @return {@link #REDUCE_COMBINE_HERE} (combine, then call {@code __kmpc_end_reduce(_nowait)}) or
     *     {@link #REDUCE_ATOMIC} (combine atomically; only {@code __kmpc_end_reduce} follows, for its barrier).
     */
    int reduce(final OmpThread self, final int loc, final int lockAddress)
    {
        final Team team = self.frame.team;
        if (team.size() == 1)
        {
            self.atomicReduction = false;
            return REDUCE_COMBINE_HERE;
        }
        if (team.fork == null && loc != 0 &&
            (self.guest.memory().readInt(loc + IDENT_FLAGS_OFFSET) & IDENT_ATOMIC_REDUCE) != 0)
        {
            self.atomicReduction = true;
            return REDUCE_ATOMIC;
        }
        self.atomicReduction = false;
        synchronisation.critical(self, lockAddress);
        return REDUCE_COMBINE_HERE;
    }

    void endReduce(final OmpThread self, final int lockAddress, final boolean barrier)
    {
        final Team team = self.frame.team;
        if (team.size() > 1)
        {
            if (!self.atomicReduction)
            {
                synchronisation.endCritical(self, lockAddress);
            }
            self.atomicReduction = false;
            if (barrier)
            {
                team.barrier(self);
            }
        }
    }
}
