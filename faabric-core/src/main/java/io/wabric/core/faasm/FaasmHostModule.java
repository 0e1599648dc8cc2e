package io.wabric.core.faasm;

import io.wabric.core.engine.HostFunctionDef;
import io.wabric.core.faaslet.FaasletContext;
import io.wabric.core.host.HostModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static io.wabric.core.engine.WasmType.I32;

/**
 * Faasm's serverless calls, with Faasm's guest names so Faasm functions port by recompiling.
 * Part of the guest ABI: update {@code guest-sdk/include/faasm/core.h} when changed.
 *
 * <pre>
 *   int  __faasm_read_input(unsigned char *buffer, int bufferLen);  // bufferLen 0: returns the input size
 *   void __faasm_write_output(const unsigned char *output, int outputLen);
 * </pre>
 */
public final class FaasmHostModule implements HostModule
{
    static final String READ_INPUT = "__faasm_read_input";
    static final String WRITE_OUTPUT = "__faasm_write_output";

    @Override
    public String feature()
    {
        return "faasm";
    }

    @Override
    public String howToEnable()
    {
        return "run it with `wabric run`";
    }

    @Override
    public List<String> provides()
    {
        return List.of(READ_INPUT, WRITE_OUTPUT);
    }

    @Override
    public List<HostFunctionDef> bind(final FaasletContext context)
    {
        return List.of(
            HostFunctionDef.env(READ_INPUT, List.of(I32, I32), List.of(I32), (guest, args) ->
            {
                final byte[] input = context.input();
                final int bufferAddr = (int)args[0];
                final int bufferLen = (int)args[1];
                if (bufferLen <= 0)
                {
                    return new long[] {input.length};
                }
                final int copied = Math.min(bufferLen, input.length);
                guest.memory().write(bufferAddr, input, 0, copied);
                return new long[] {copied};
            }),
            HostFunctionDef.env(WRITE_OUTPUT, List.of(I32, I32), List.of(), (guest, args) ->
            {
                final int outputAddr = (int)args[0];
                final int outputLen = (int)args[1];
                final byte[] bytes = guest.memory().readBytes(outputAddr, outputLen);
                try
                {
                    context.output().write(bytes);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException("__faasm_write_output: cannot write " + outputLen + " bytes", ex);
                }
                return null;
            }));
    }
}
