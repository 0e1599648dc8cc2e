package io.wabric.snapshot.host;

import com.dylibso.chicory.runtime.WasmRuntimeException;
import io.wabric.core.engine.HostFunctionDef;
import io.wabric.core.faaslet.FaasletContext;
import io.wabric.core.host.HostModule;
import io.wabric.snapshot.merge.DataType;
import io.wabric.snapshot.merge.MergeOp;
import io.wabric.snapshot.merge.MergeRegion;

import java.util.List;

import static io.wabric.core.engine.WasmType.I32;

/**
 * Faasm's shared-memory reduction declaration, so a guest marks the variables that several forks update.
 * Part of the guest ABI: update {@code guest-sdk/include/faasm/core.h} when changed.
 *
 * <pre>
 *   void __faasm_sm_reduce(void *var, int type, int op, int currentBatch);
 *   // type: FAASM_TYPE_INT 1, LONG 2, FLOAT 3, DOUBLE 4
 *   // op:   FAASM_OP_SUM 1, SUBTRACT 2, PRODUCT 3, MAX 4, MIN 5, IGNORE 6 (OVERWRITE 0)
 * </pre>
 *
 * The declared region is recorded in the Faaslet's {@link MergeRegionRegistry}; an unknown type or op, or a
 * variable outside memory, traps with a message naming the values.
 */
public final class SharedMemoryHostModule implements HostModule
{
    static final String SM_REDUCE = "__faasm_sm_reduce";

    @Override
    public String feature()
    {
        return "faasm-shared-memory";
    }

    @Override
    public String howToEnable()
    {
        return "run it with `wabric run`";
    }

    @Override
    public List<String> provides()
    {
        return List.of(SM_REDUCE);
    }

    @Override
    public List<HostFunctionDef> bind(final FaasletContext context)
    {
        final MergeRegionRegistry registry = registry(context);
        return List.of(HostFunctionDef.env(SM_REDUCE, List.of(I32, I32, I32, I32), List.of(), (guest, args) ->
        {
            final int address = (int)args[0];
            final DataType type = DataType.of((int)args[1]);
            final MergeOp op = MergeOp.of((int)args[2]);
            if (type == null || type == DataType.RAW || op == null)
            {
                throw new WasmRuntimeException(SM_REDUCE + "(" + Integer.toUnsignedString(address) + ", type=" +
                    args[1] + ", op=" + args[2] + "): type must be 1..4 (FAASM_TYPE_INT, LONG, FLOAT, DOUBLE) and op " +
                    "0..6 (FAASM_OP_OVERWRITE ... IGNORE), see faasm/core.h");
            }
            final long sizeBytes = (long)guest.memory().pages() * 65536;
            if (address < 0 || address + (long)type.widthBytes() > sizeBytes)
            {
                throw new WasmRuntimeException(SM_REDUCE + ": variable at " + Integer.toUnsignedString(address) +
                    " of " + type.widthBytes() + " bytes is outside memory of " + sizeBytes + " bytes");
            }
            try
            {
                registry.declare(new MergeRegion(address, type.widthBytes(), type, op), args[3] != 0);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new WasmRuntimeException(SM_REDUCE + ": " + ex.getMessage());
            }
            return null;
        }));
    }

    /**
     * @param context a Faaslet's context.
     * @return its registry, attached on first use.
     */
    public static MergeRegionRegistry registry(final FaasletContext context)
    {
        synchronized (context)
        {
            MergeRegionRegistry registry = context.attachment(MergeRegionRegistry.class);
            if (registry == null)
            {
                registry = new MergeRegionRegistry();
                context.attach(MergeRegionRegistry.class, registry);
            }
            return registry;
        }
    }
}
