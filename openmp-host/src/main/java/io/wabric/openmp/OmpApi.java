package io.wabric.openmp;

import io.wabric.openmp.OpenMpHostModule.Definitions;

import java.util.List;

import static io.wabric.core.engine.WasmType.F64;
import static io.wabric.core.engine.WasmType.I32;

/**
 * The user-facing {@code omp_*} routines of {@code guest-sdk/include/omp.h}: team queries, internal control
 * variables, locks and timers. Part of the guest ABI.
 */
final class OmpApi
{
    private static final long[] NONE = null;
    private static final long[] ZERO = {0};
    private static final long ORIGIN_NS = System.nanoTime();

    private OmpApi()
    {
    }

    static void add(final Definitions defs, final OpenMpRuntime runtime, final Synchronisation sync)
    {
        defs.add("omp_get_thread_num", List.of(), List.of(I32), (guest, args) ->
            new long[] {runtime.self(guest).frame.threadNum});
        defs.add("omp_get_num_threads", List.of(), List.of(I32), (guest, args) ->
            new long[] {runtime.self(guest).frame.team.size()});
        defs.add("omp_get_max_threads", List.of(), List.of(I32), (guest, args) ->
            new long[] {runtime.self(guest).nthreadsIcv});
        defs.add("omp_set_num_threads", List.of(I32), List.of(), (guest, args) ->
        {
            runtime.self(guest).nthreadsIcv = Math.max(1, (int)args[0]);
            return NONE;
        });
        defs.add("omp_get_num_procs", List.of(), List.of(I32), (guest, args) ->
            new long[] {Runtime.getRuntime().availableProcessors()});
        defs.add("omp_in_parallel", List.of(), List.of(I32), (guest, args) ->
            new long[] {runtime.self(guest).frame.activeLevel > 0 ? 1 : 0});
        defs.add("omp_in_final", List.of(), List.of(I32), (guest, args) ->
            new long[] {Tasking.inFinal(runtime.self(guest)) ? 1 : 0});
        defs.add("omp_get_max_task_priority", List.of(), List.of(I32), (guest, args) ->
            new long[] {runtime.settings().maxTaskPriority()});
        defs.add("omp_set_dynamic", List.of(I32), List.of(), (guest, args) ->
        {
            runtime.dynamic(args[0] != 0);
            return NONE;
        });
        defs.add("omp_get_dynamic", List.of(), List.of(I32), (guest, args) ->
            new long[] {runtime.dynamic() ? 1 : 0});
        defs.add("omp_set_nested", List.of(I32), List.of(), (guest, args) ->
        {
            runtime.maxActiveLevels(args[0] != 0 ? OpenMpSettings.THREAD_LIMIT_DEFAULT : 1);
            return NONE;
        });
        defs.add("omp_get_nested", List.of(), List.of(I32), (guest, args) ->
            new long[] {runtime.maxActiveLevels() > 1 ? 1 : 0});
        defs.add("omp_set_max_active_levels", List.of(I32), List.of(), (guest, args) ->
        {
            if ((int)args[0] >= 0)
            {
                runtime.maxActiveLevels((int)args[0]);
            }
            return NONE;
        });
        defs.add("omp_get_max_active_levels", List.of(), List.of(I32), (guest, args) ->
            new long[] {runtime.maxActiveLevels()});
        defs.add("omp_get_thread_limit", List.of(), List.of(I32), (guest, args) ->
            new long[] {runtime.settings().threadLimit()});
        defs.add("omp_get_level", List.of(), List.of(I32), (guest, args) ->
            new long[] {runtime.self(guest).frame.level});
        defs.add("omp_get_active_level", List.of(), List.of(I32), (guest, args) ->
            new long[] {runtime.self(guest).frame.activeLevel});
        defs.add("omp_get_ancestor_thread_num", List.of(I32), List.of(I32), (guest, args) ->
        {
            final TeamFrame frame = runtime.self(guest).frame.atLevel((int)args[0]);
            return new long[] {frame == null ? -1 : frame.threadNum};
        });
        defs.add("omp_get_team_size", List.of(I32), List.of(I32), (guest, args) ->
        {
            final TeamFrame frame = runtime.self(guest).frame.atLevel((int)args[0]);
            return new long[] {frame == null ? -1 : frame.team.size()};
        });
        defs.add("omp_set_schedule", List.of(I32, I32), List.of(), (guest, args) ->
        {
            final OmpThread self = runtime.self(guest);
            self.runScheduleIcv = (int)args[0];
            self.runChunkIcv = (int)args[1] < 1 ? ((int)args[0] & 0x7FFF_FFFF) == 1 ? 0 : 1 : (int)args[1];
            return NONE;
        });
        defs.add("omp_get_schedule", List.of(I32, I32), List.of(), (guest, args) ->
        {
            final OmpThread self = runtime.self(guest);
            guest.memory().writeI32((int)args[0], self.runScheduleIcv);
            guest.memory().writeI32((int)args[1], self.runChunkIcv);
            return NONE;
        });
        defs.add("omp_get_wtime", List.of(), List.of(F64), (guest, args) ->
            new long[] {Double.doubleToRawLongBits((System.nanoTime() - ORIGIN_NS) * 1e-9 + 1.0)});
        defs.add("omp_get_wtick", List.of(), List.of(F64), (guest, args) ->
            new long[] {Double.doubleToRawLongBits(1e-9)});

        defs.add("omp_init_lock", List.of(I32), List.of(), (guest, args) ->
        {
            sync.initLock(guest.memory(), (int)args[0], false);
            return NONE;
        });
        defs.add("omp_init_lock_with_hint", List.of(I32, I32), List.of(), (guest, args) ->
        {
            sync.initLock(guest.memory(), (int)args[0], false);
            return NONE;
        });
        defs.add("omp_destroy_lock", List.of(I32), List.of(), (guest, args) ->
        {
            sync.destroyLock(guest.memory(), (int)args[0], false);
            return NONE;
        });
        defs.add("omp_set_lock", List.of(I32), List.of(), (guest, args) ->
        {
            sync.setLock(runtime.self(guest), (int)args[0]);
            return NONE;
        });
        defs.add("omp_unset_lock", List.of(I32), List.of(), (guest, args) ->
        {
            sync.unsetLock(runtime.self(guest), (int)args[0]);
            return NONE;
        });
        defs.add("omp_test_lock", List.of(I32), List.of(I32), (guest, args) ->
            new long[] {sync.testLock(runtime.self(guest), (int)args[0])});
        defs.add("omp_init_nest_lock", List.of(I32), List.of(), (guest, args) ->
        {
            sync.initLock(guest.memory(), (int)args[0], true);
            return NONE;
        });
        defs.add("omp_init_nest_lock_with_hint", List.of(I32, I32), List.of(), (guest, args) ->
        {
            sync.initLock(guest.memory(), (int)args[0], true);
            return NONE;
        });
        defs.add("omp_destroy_nest_lock", List.of(I32), List.of(), (guest, args) ->
        {
            sync.destroyLock(guest.memory(), (int)args[0], true);
            return NONE;
        });
        defs.add("omp_set_nest_lock", List.of(I32), List.of(), (guest, args) ->
        {
            sync.setNestLock(runtime.self(guest), (int)args[0]);
            return NONE;
        });
        defs.add("omp_unset_nest_lock", List.of(I32), List.of(), (guest, args) ->
        {
            sync.unsetNestLock(runtime.self(guest), (int)args[0]);
            return NONE;
        });
        defs.add("omp_test_nest_lock", List.of(I32), List.of(I32), (guest, args) ->
            new long[] {sync.testNestLock(runtime.self(guest), (int)args[0])});
    }
}
