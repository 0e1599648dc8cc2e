package io.wabric.core.faaslet;

import java.io.OutputStream;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one Faaslet's host functions share: its call input and output, and feature state attached by the launcher
 * (an MPI rank, an OpenMP team ...).
 */
public final class FaasletContext
{
    private final byte[] input;
    private final OutputStream output;
    private final ConcurrentHashMap<Class<?>, Object> attachments = new ConcurrentHashMap<>();

    /**
     * @param input  the call's input bytes, read with {@code __faasm_read_input}.
     * @param output where {@code __faasm_write_output} writes.
     */
    public FaasletContext(final byte[] input, final OutputStream output)
    {
        this.input = input.clone();
        this.output = output;
    }

    /**
     * @return the input bytes; callers must not modify them.
     */
    public byte[] input()
    {
        return input;
    }

    /**
     * @return the output sink.
     */
    public OutputStream output()
    {
        return output;
    }

    /**
     * Attaches feature state, one object per type.
     *
     * @param type  the key.
     * @param value the state.
     * @param <T>   its type.
     * @return this.
     */
    public <T> FaasletContext attach(final Class<T> type, final T value)
    {
        attachments.put(type, value);
        return this;
    }

    /**
     * @param type the key.
     * @param <T>  its type.
     * @return the attached state, or {@code null}.
     */
    public <T> T attachment(final Class<T> type)
    {
        return type.cast(attachments.get(type));
    }
}
