package io.wabric.mpi;

import io.wabric.core.WabricException;
import io.wabric.core.engine.HostFunctionDef;
import io.wabric.core.faaslet.FaasletContext;
import io.wabric.core.host.HostModule;
import io.wabric.mpi.abi.FunctionTable;
import io.wabric.mpi.world.MpiRank;

import java.util.List;

/**
 * Wabric's MPI as a host feature: the functions {@code guest-sdk/include/mpi.h} declares, bound to the
 * {@link MpiRank} the launcher attached to the Faaslet's context.
 */
public final class MpiHostModule implements HostModule
{
    private static final List<String> NAMES = FunctionTable.names();

    @Override
    public String feature()
    {
        return "mpi";
    }

    @Override
    public String howToEnable()
    {
        return "run it with `wabric mpirun -np N`";
    }

    @Override
    public List<String> provides()
    {
        return NAMES;
    }

    @Override
    public List<HostFunctionDef> bind(final FaasletContext context)
    {
        final MpiRank rank = context.attachment(MpiRank.class);
        if (rank == null)
        {
            throw new WabricException("the mpi feature needs an MPI rank attached to the Faaslet context; " +
                "run MPI programs with `wabric mpirun -np N`");
        }
        return FunctionTable.bind(rank);
    }
}
