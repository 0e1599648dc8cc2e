package io.wabric.cli;

import io.wabric.core.WabricException;
import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.ImportName;
import io.wabric.core.faaslet.FaasletOptions;
import io.wabric.core.host.HostModule;
import io.wabric.core.host.HostModules;
import io.wabric.openmp.OpenMpSettings;
import io.wabric.openmp.fork.ForkMode;
import io.wabric.snapshot.memory.TrackedMemory;

/**
 * What {@code wabric run} adds for OpenMP programs: the openmp host feature, bound only when the module imports
 * one of its functions (so other programs run exactly as before), with the internal control variables read from
 * the host environment and {@code --threads}. {@code --omp=fork} runs each thread on a copy-on-write fork of
 * the program's memory (see {@code io.wabric.openmp.fork}).
 */
final class OpenMpLaunch
{
    private OpenMpLaunch()
    {
    }

    /**
     * @param option the {@code --threads} value, or {@code null} when not given.
     * @return the team size to use: 0 for the default ({@code OMP_NUM_THREADS}, else the cores).
     * @throws WabricException when a value below 1 was given.
     */
    static int threadCount(final Integer option)
    {
        if (option == null)
        {
            return 0;
        }
        if (option < 1)
        {
            throw new WabricException("--threads " + option + ": expected a positive number of threads");
        }
        return option;
    }

    /**
     * @param hostModules the discovered host modules.
     * @param module      the guest.
     * @param threads     {@code --threads}, 0 for the default.
     * @return the threads a top-level parallel region of the guest runs on: 1 when it does not use OpenMP.
     */
    static int teamSize(final HostModules hostModules, final GuestModule module, final int threads)
    {
        if (openMpOf(hostModules, module) == null)
        {
            return 1;
        }
        try
        {
            return OpenMpSettings.fromEnvironment(System.getenv()).threads(threads).teamSize();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new WabricException(ex.getMessage());
        }
    }

    static void configure(
        final HostModules hostModules,
        final GuestModule module,
        final FaasletOptions options,
        final String mode,
        final int threads)
    {
        final boolean fork = "fork".equals(mode);
        if (!fork && !"shared".equals(mode))
        {
            throw new WabricException("--omp=" + mode + ": expected shared (the default) or fork");
        }
        final HostModule openMp = openMpOf(hostModules, module);
        if (openMp == null)
        {
            return;
        }
        options.hostModule(openMp);
        options.context().attach(OpenMpSettings.class, OpenMpSettings.fromEnvironment(System.getenv()).threads(threads));
        if (fork)
        {
            final ForkMode forkMode;
            try
            {
                forkMode = ForkMode.fromEnvironment(System.getenv(), System.err);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new WabricException(ex.getMessage());
            }
            options.context().attach(ForkMode.class, forkMode);
            if (options.memoryFactory() == null)
            {
                options.memoryFactory(TrackedMemory::new);
            }
        }
    }

    /**
     * @return the OpenMP host module when the guest imports any of its functions, else {@code null}.
     */
    private static HostModule openMpOf(final HostModules hostModules, final GuestModule module)
    {
        final HostModule openMp = hostModules.feature("openmp");
        return openMp != null && importsAny(module, openMp) ? openMp : null;
    }

    private static boolean importsAny(final GuestModule module, final HostModule feature)
    {
        for (final ImportName name : module.functionImports())
        {
            if (name.module().equals("env") && feature.provides().contains(name.field()))
            {
                return true;
            }
        }
        return false;
    }
}
