package io.wabric.openmp;

import com.dylibso.chicory.runtime.Memory;
import io.wabric.core.engine.Guest;
import io.wabric.core.engine.HostCall;
import io.wabric.core.engine.HostFunctionDef;
import io.wabric.core.engine.WasmType;
import io.wabric.core.faaslet.FaasletContext;
import io.wabric.core.host.HostModule;
import io.wabric.openmp.schedule.LoopIndex;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.wabric.core.engine.WasmType.F64;
import static io.wabric.core.engine.WasmType.I32;
import static io.wabric.core.engine.WasmType.I64;

/**
 * The libomp ABI that clang emits for {@code -fopenmp} on wasm32, the {@code omp_*} API of
 * {@code guest-sdk/include/omp.h}, and the hooks of {@code guest-sdk/src/wabric_omp.c}. Part of the guest ABI:
 * update those files when this changes.
 *
 * <p>Every thread-sensitive call finds its thread from the Java thread it runs on (each guest thread is one Java
 * thread); the {@code gtid} arguments clang passes are not trusted.
 */
public final class OpenMpHostModule implements HostModule
{
    private static final long[] NONE = null;
    private static final List<WasmType> VOID = List.of();

    @Override
    public String feature()
    {
        return "openmp";
    }

    @Override
    public String howToEnable()
    {
        return "run it with `wabric run`, which binds OpenMP for modules that import it";
    }

    @Override
    public List<String> provides()
    {
        final List<String> names = new ArrayList<>();
        for (final HostFunctionDef def : definitions(null))
        {
            names.add(def.name());
        }
        return Collections.unmodifiableList(names);
    }

    @Override
    public List<HostFunctionDef> bind(final FaasletContext context)
    {
        OpenMpSettings settings = context.attachment(OpenMpSettings.class);
        if (settings == null)
        {
            settings = OpenMpSettings.fromEnvironment(System.getenv());
        }
        return definitions(new OpenMpRuntime(context, settings));
    }

    private static List<HostFunctionDef> definitions(final OpenMpRuntime runtime)
    {
        final Definitions defs = new Definitions(runtime);
        final Synchronisation sync = runtime == null ? null : new Synchronisation(runtime);
        final Worksharing work = runtime == null ? null : new Worksharing(runtime, sync);
        final Tasking tasks = runtime == null ? null : new Tasking(runtime);

        // Wabric's guest-side support (guest-sdk/src/wabric_omp.c).
        defs.add("__wabric_libc_lock", VOID, VOID, (guest, args) ->
        {
            sync.libcLock(runtime.self(guest));
            return NONE;
        });
        defs.add("__wabric_libc_unlock", VOID, VOID, (guest, args) ->
        {
            sync.libcUnlock(runtime.self(guest));
            return NONE;
        });
        defs.add("__wabric_omp_register_allocator", List.of(I32, I32), VOID, (guest, args) ->
        {
            runtime.registerAllocator((int)args[0], (int)args[1]);
            return NONE;
        });

        // Parallel regions.
        defs.add("__kmpc_fork_call", List.of(I32, I32, I32, I32), VOID, (guest, args) ->
        {
            final OmpThread self = runtime.self(guest);
            runtime.fork(self, (int)args[2], sharedArgs(self, guest.memory(), (int)args[1], (int)args[3]));
            return NONE;
        });
        defs.add("__kmpc_fork_call_if", List.of(I32, I32, I32, I32, I32), VOID, (guest, args) ->
        {
            final OmpThread self = runtime.self(guest);
            if ((int)args[3] == 0)
            {
                self.pendingNumThreads = 1;
            }
            runtime.fork(self, (int)args[2], sharedArgs(self, guest.memory(), (int)args[1], (int)args[4]));
            return NONE;
        });
        defs.add("__kmpc_push_num_threads", List.of(I32, I32, I32), VOID, (guest, args) ->
        {
            runtime.self(guest).pendingNumThreads = Math.max(1, (int)args[2]);
            return NONE;
        });
        defs.add("__kmpc_serialized_parallel", List.of(I32, I32), VOID, (guest, args) ->
        {
            final OmpThread self = runtime.self(guest);
            self.pendingNumThreads = 0;
            self.frame = new TeamFrame(new Team(runtime, new OmpThread[] {self}), 0, self.frame);
            self.frame.enclosingTask = self.explicitTask;
            self.explicitTask = null;
            return NONE;
        });
        defs.add("__kmpc_end_serialized_parallel", List.of(I32, I32), VOID, (guest, args) ->
        {
            final OmpThread self = runtime.self(guest);
            if (self.frame.parent != null)
            {
                self.explicitTask = self.frame.enclosingTask;
                self.frame = self.frame.parent;
            }
            return NONE;
        });
        defs.add("__kmpc_global_thread_num", List.of(I32), List.of(I32), (guest, args) ->
            new long[] {runtime.self(guest).gtid});
        defs.add("__kmpc_bound_thread_num", List.of(I32), List.of(I32), (guest, args) ->
            new long[] {runtime.self(guest).frame.threadNum});
        defs.add("__kmpc_bound_num_threads", List.of(I32), List.of(I32), (guest, args) ->
            new long[] {runtime.self(guest).frame.team.size()});
        defs.add("__kmpc_in_parallel", List.of(I32), List.of(I32), (guest, args) ->
            new long[] {runtime.self(guest).frame.activeLevel > 0 ? 1 : 0});
        defs.add("__kmpc_ok_to_fork", List.of(I32), List.of(I32), (guest, args) -> new long[] {1});
        defs.add("__kmpc_begin", List.of(I32, I32), VOID, (guest, args) -> NONE);
        defs.add("__kmpc_end", List.of(I32), VOID, (guest, args) -> NONE);

        // Synchronisation.
        defs.add("__kmpc_barrier", List.of(I32, I32), VOID, (guest, args) ->
        {
            final OmpThread self = runtime.self(guest);
            self.frame.team.barrier(self);
            return NONE;
        });
        defs.add("__kmpc_flush", List.of(I32), VOID, (guest, args) ->
        {
            ForkBridge.acquire(runtime.self(guest));
            VarHandle.fullFence();
            return NONE;
        });
        defs.add("__kmpc_critical", List.of(I32, I32, I32), VOID, (guest, args) ->
        {
            sync.critical(runtime.self(guest), (int)args[2]);
            return NONE;
        });
        defs.add("__kmpc_critical_with_hint", List.of(I32, I32, I32, I32), VOID, (guest, args) ->
        {
            sync.critical(runtime.self(guest), (int)args[2]);
            return NONE;
        });
        defs.add("__kmpc_end_critical", List.of(I32, I32, I32), VOID, (guest, args) ->
        {
            sync.endCritical(runtime.self(guest), (int)args[2]);
            return NONE;
        });
        defs.add("__kmpc_master", List.of(I32, I32), List.of(I32), (guest, args) ->
            new long[] {runtime.self(guest).frame.threadNum == 0 ? 1 : 0});
        defs.add("__kmpc_end_master", List.of(I32, I32), VOID, (guest, args) -> NONE);
        defs.add("__kmpc_masked", List.of(I32, I32, I32), List.of(I32), (guest, args) ->
            new long[] {runtime.self(guest).frame.threadNum == (int)args[2] ? 1 : 0});
        defs.add("__kmpc_end_masked", List.of(I32, I32), VOID, (guest, args) -> NONE);
        defs.add("__kmpc_single", List.of(I32, I32), List.of(I32), (guest, args) ->
            new long[] {work.single(runtime.self(guest))});
        defs.add("__kmpc_end_single", List.of(I32, I32), VOID, (guest, args) -> NONE);
        defs.add("__kmpc_copyprivate", List.of(I32, I32, I32, I32, I32, I32), VOID, (guest, args) ->
        {
            work.copyprivate(runtime.self(guest), (int)args[3], (int)args[4], (int)args[5]);
            return NONE;
        });
        defs.add("__kmpc_ordered", List.of(I32, I32), VOID, (guest, args) ->
        {
            work.ordered(runtime.self(guest));
            return NONE;
        });
        defs.add("__kmpc_end_ordered", List.of(I32, I32), VOID, (guest, args) -> NONE);
        defs.add("__kmpc_reduce_nowait", List.of(I32, I32, I32, I32, I32, I32, I32), List.of(I32), (guest, args) ->
            reduceResult(work.reduce(runtime.self(guest), (int)args[0], (int)args[6])));
        defs.add("__kmpc_reduce", List.of(I32, I32, I32, I32, I32, I32, I32), List.of(I32), (guest, args) ->
            reduceResult(work.reduce(runtime.self(guest), (int)args[0], (int)args[6])));
        defs.add("__kmpc_end_reduce_nowait", List.of(I32, I32, I32), VOID, (guest, args) ->
        {
            work.endReduce(runtime.self(guest), (int)args[2], false);
            return NONE;
        });
        defs.add("__kmpc_end_reduce", List.of(I32, I32, I32), VOID, (guest, args) ->
        {
            work.endReduce(runtime.self(guest), (int)args[2], true);
            return NONE;
        });

        // Loops.
        addStaticInit(defs, runtime, work, "__kmpc_for_static_init_4", LoopIndex.I32);
        addStaticInit(defs, runtime, work, "__kmpc_for_static_init_4u", LoopIndex.U32);
        addStaticInit(defs, runtime, work, "__kmpc_for_static_init_8", LoopIndex.I64);
        addStaticInit(defs, runtime, work, "__kmpc_for_static_init_8u", LoopIndex.U64);
        defs.add("__kmpc_for_static_fini", List.of(I32, I32), VOID, (guest, args) -> NONE);
        addDispatch(defs, runtime, work, "4", LoopIndex.I32);
        addDispatch(defs, runtime, work, "4u", LoopIndex.U32);
        addDispatch(defs, runtime, work, "8", LoopIndex.I64);
        addDispatch(defs, runtime, work, "8u", LoopIndex.U64);
        defs.add("__kmpc_dispatch_deinit", List.of(I32, I32), VOID, (guest, args) -> NONE);

        // Tasks.
        defs.add("__kmpc_omp_task_alloc", List.of(I32, I32, I32, I32, I32, I32), List.of(I32), (guest, args) ->
            new long[] {tasks.allocate(runtime.self(guest), (int)args[2], (int)args[3], (int)args[4], (int)args[5])});
        defs.add("__kmpc_omp_task", List.of(I32, I32, I32), List.of(I32), (guest, args) ->
        {
            tasks.submit(runtime.self(guest), (int)args[2], 0, 0, 0, 0);
            return new long[] {0};
        });
        defs.add("__kmpc_omp_task_with_deps", List.of(I32, I32, I32, I32, I32, I32, I32), List.of(I32),
            (guest, args) ->
            {
                tasks.submit(runtime.self(guest), (int)args[2], (int)args[3], (int)args[4], (int)args[5],
                    (int)args[6]);
                return new long[] {0};
            });
        defs.add("__kmpc_omp_wait_deps", List.of(I32, I32, I32, I32, I32, I32), VOID, (guest, args) ->
        {
            tasks.waitDependences(runtime.self(guest), (int)args[2], (int)args[3], (int)args[4], (int)args[5]);
            return NONE;
        });
        defs.add("__kmpc_omp_taskwait_deps_51", List.of(I32, I32, I32, I32, I32, I32, I32), VOID, (guest, args) ->
        {
            tasks.waitDependences(runtime.self(guest), (int)args[2], (int)args[3], (int)args[4], (int)args[5]);
            return NONE;
        });
        defs.add("__kmpc_omp_task_begin_if0", List.of(I32, I32, I32), VOID, (guest, args) ->
        {
            tasks.beginIf0(runtime.self(guest), (int)args[2]);
            return NONE;
        });
        defs.add("__kmpc_omp_task_complete_if0", List.of(I32, I32, I32), VOID, (guest, args) ->
        {
            tasks.completeIf0(runtime.self(guest), (int)args[2]);
            return NONE;
        });
        defs.add("__kmpc_omp_taskwait", List.of(I32, I32), List.of(I32), (guest, args) ->
        {
            tasks.taskwait(runtime.self(guest));
            return new long[] {0};
        });
        defs.add("__kmpc_omp_taskyield", List.of(I32, I32, I32), List.of(I32), (guest, args) ->
        {
            tasks.taskyield(runtime.self(guest));
            return new long[] {0};
        });
        defs.add("__kmpc_taskgroup", List.of(I32, I32), VOID, (guest, args) ->
        {
            tasks.beginTaskgroup(runtime.self(guest));
            return NONE;
        });
        defs.add("__kmpc_end_taskgroup", List.of(I32, I32), VOID, (guest, args) ->
        {
            tasks.endTaskgroup(runtime.self(guest));
            return NONE;
        });
        defs.add("__kmpc_taskloop", List.of(I32, I32, I32, I32, I32, I32, I64, I32, I32, I64, I32), VOID,
            (guest, args) ->
            {
                tasks.taskloop(runtime.self(guest), (int)args[2], (int)args[3], (int)args[4], (int)args[5], args[6],
                    (int)args[7], (int)args[8], args[9], false, (int)args[10]);
                return NONE;
            });
        defs.add("__kmpc_taskloop_5", List.of(I32, I32, I32, I32, I32, I32, I64, I32, I32, I64, I32, I32), VOID,
            (guest, args) ->
            {
                tasks.taskloop(runtime.self(guest), (int)args[2], (int)args[3], (int)args[4], (int)args[5], args[6],
                    (int)args[7], (int)args[8], args[9], (int)args[10] != 0, (int)args[11]);
                return NONE;
            });
        defs.add("__kmpc_taskred_init", List.of(I32, I32, I32), List.of(I32), (guest, args) ->
            new long[] {tasks.reductionInit(runtime.self(guest), (int)args[1], (int)args[2], false)});
        defs.add("__kmpc_task_reduction_init", List.of(I32, I32, I32), List.of(I32), (guest, args) ->
            new long[] {tasks.reductionInit(runtime.self(guest), (int)args[1], (int)args[2], true)});
        defs.add("__kmpc_taskred_modifier_init", List.of(I32, I32, I32, I32, I32), List.of(I32), (guest, args) ->
            new long[] {tasks.reductionModifierInit(runtime.self(guest), (int)args[2], (int)args[3], (int)args[4],
                false)});
        defs.add("__kmpc_task_reduction_modifier_init", List.of(I32, I32, I32, I32, I32), List.of(I32),
            (guest, args) -> new long[] {tasks.reductionModifierInit(runtime.self(guest), (int)args[2], (int)args[3],
                (int)args[4], true)});
        defs.add("__kmpc_task_reduction_modifier_fini", List.of(I32, I32, I32), VOID, (guest, args) ->
        {
            tasks.reductionModifierFini(runtime.self(guest), (int)args[2]);
            return NONE;
        });
        defs.add("__kmpc_task_reduction_get_th_data", List.of(I32, I32, I32), List.of(I32), (guest, args) ->
            new long[] {tasks.reductionData(runtime.self(guest), (int)args[1], (int)args[2])});
        defs.add("__kmpc_threadprivate_cached", List.of(I32, I32, I32, I32, I32), List.of(I32), (guest, args) ->
            new long[] {tasks.threadprivate(runtime.self(guest), (int)args[2], (int)args[3])});

        OmpApi.add(defs, runtime, sync);
        return defs.list();
    }

    private static void addStaticInit(
        final Definitions defs,
        final OpenMpRuntime runtime,
        final Worksharing work,
        final String name,
        final LoopIndex index)
    {
        final WasmType step = index == LoopIndex.I64 || index == LoopIndex.U64 ? I64 : I32;
        defs.add(name, List.of(I32, I32, I32, I32, I32, I32, I32, step, step), VOID, (guest, args) ->
        {
            work.staticInit(runtime.self(guest), index, (int)args[2], (int)args[3], (int)args[4], (int)args[5],
                (int)args[6], step == I64 ? args[7] : (int)args[7], step == I64 ? args[8] : (int)args[8]);
            return NONE;
        });
    }

    private static void addDispatch(
        final Definitions defs,
        final OpenMpRuntime runtime,
        final Worksharing work,
        final String suffix,
        final LoopIndex index)
    {
        final WasmType value = index == LoopIndex.I64 || index == LoopIndex.U64 ? I64 : I32;
        defs.add("__kmpc_dispatch_init_" + suffix, List.of(I32, I32, I32, value, value, value, value), VOID,
            (guest, args) ->
            {
                final long increment = value == I64 ? args[5] : (int)args[5];
                work.dispatchInit(runtime.self(guest), index, (int)args[2], index.fromArgument(args[3]),
                    index.fromArgument(args[4]), increment, value == I64 ? args[6] : (int)args[6]);
                return NONE;
            });
        defs.add("__kmpc_dispatch_next_" + suffix, List.of(I32, I32, I32, I32, I32, I32), List.of(I32),
            (guest, args) -> new long[] {work.dispatchNext(runtime.self(guest), index, (int)args[2], (int)args[3],
                (int)args[4], (int)args[5])});
        defs.add("__kmpc_dispatch_fini_" + suffix, List.of(I32, I32), VOID, (guest, args) ->
        {
            work.dispatchFini(runtime.self(guest));
            return NONE;
        });
    }

    /**
     * Reads a fork's shared-variable pointers. An initial thread outside any region reuses its array: its next
     * top-level fork comes after this region's join, when no worker reads the array any more. A thread inside a
     * region gets a new one (a nested fork must not overwrite what its own team's workers may still read).
     */
    private static long[] sharedArgs(final OmpThread self, final Memory memory, final int count, final int vaList)
    {
        long[] shared;
        if (self.frame.level == 0)
        {
            shared = self.topLevelSharedArgs;
            if (shared == null || shared.length != count)
            {
                shared = new long[count];
                self.topLevelSharedArgs = shared;
            }
        }
        else
        {
            shared = new long[count];
        }
        for (int i = 0; i < count; i++)
        {
            shared[i] = memory.readInt(vaList + 4 * i);
        }
        return shared;
    }

    /**
     * Collects definitions; with no runtime (for {@link #provides()}) only the names matter.
     */
    static final class Definitions
    {
        private final OpenMpRuntime runtime;
        private final List<HostFunctionDef> defs = new ArrayList<>();

        Definitions(final OpenMpRuntime runtime)
        {
            this.runtime = runtime;
        }

        void add(final String name, final List<WasmType> params, final List<WasmType> results, final HostCall body)
        {
            defs.add(HostFunctionDef.env(name, params, results, runtime == null ? Definitions::unbound : body));
        }

        private static long[] unbound(final Guest guest, final long[] args)
        {
            throw new IllegalStateException("OpenMP host function called without a runtime");
        }

        List<HostFunctionDef> list()
        {
            return defs;
        }
    }

    private static final long[] REDUCE_COMBINE_HERE = {Worksharing.REDUCE_COMBINE_HERE};
    private static final long[] REDUCE_ATOMIC = {Worksharing.REDUCE_ATOMIC};

    private static long[] reduceResult(final int method)
    {
        return method == Worksharing.REDUCE_ATOMIC ? REDUCE_ATOMIC : REDUCE_COMBINE_HERE;
    }
}
