package io.wabric.cli;

import io.wabric.core.WabricException;
import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.ImportName;
import io.wabric.core.faaslet.FaasletOptions;
import io.wabric.core.host.HostModule;
import io.wabric.core.host.HostModules;
import io.wabric.openmp.OpenMpSettings;

/**
 * What {@code wabric run} adds for OpenMP programs: the openmp host feature, bound only when the module imports
 * one of its functions (so other programs run exactly as before), with the internal control variables read from
 * the host environment and {@code --threads}.
 */
final class OpenMpLaunch
{
    private OpenMpLaunch()
    {
    }

    static void configure(
        final HostModules hostModules,
        final GuestModule module,
        final FaasletOptions options,
        final String mode,
        final int threads)
    {
        if (!"shared".equals(mode))
        {
            if ("fork".equals(mode))
            {
                throw new WabricException("--omp=fork is not available yet: it needs snapshot diffs merged at " +
                    "synchronisation points; run with --omp=shared (the default)");
            }
            throw new WabricException("--omp=" + mode + ": expected shared (fork is not available yet)");
        }
        if (threads < 0)
        {
            throw new WabricException("--threads " + threads + ": expected a positive number of threads");
        }
        final HostModule openMp = hostModules.feature("openmp");
        if (openMp == null || !importsAny(module, openMp))
        {
            return;
        }
        options.hostModule(openMp);
        options.context().attach(OpenMpSettings.class, OpenMpSettings.fromEnvironment(System.getenv()).threads(threads));
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
