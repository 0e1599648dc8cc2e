package io.wabric.core.engine;

import java.util.Objects;

/**
 * The two-level name of a Wasm import: module and field, as in {@code env.MPI_Send}.
 */
public final class ImportName
{
    private final String module;
    private final String field;

    /**
     * @param module the import module.
     * @param field  the import field.
     */
    public ImportName(final String module, final String field)
    {
        this.module = Objects.requireNonNull(module, "module");
        this.field = Objects.requireNonNull(field, "field");
    }

    /**
     * @return the import module.
     */
    public String module()
    {
        return module;
    }

    /**
     * @return the import field.
     */
    public String field()
    {
        return field;
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof ImportName &&
            ((ImportName)other).module.equals(module) && ((ImportName)other).field.equals(field);
    }

    @Override
    public int hashCode()
    {
        return module.hashCode() * 31 + field.hashCode();
    }

    @Override
    public String toString()
    {
        return module + "." + field;
    }
}
