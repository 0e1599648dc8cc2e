package io.wabric.experiments.program;

import java.util.List;
import java.util.Objects;

/**
 * One way an experiment runs its programs: natively, or on Wabric with some launcher options (a mode, a
 * transport). Experiments keep a list of these as data, so a new Wabric mode is one more entry; optional ones are
 * probed before use and reported as not available when the launcher refuses them.
 */
public final class RunVariant
{
    private final String name;
    private final String description;
    private final boolean nativeCode;
    private final boolean optional;
    private final List<String> options;

    private RunVariant(
        final String name,
        final String description,
        final boolean nativeCode,
        final boolean optional,
        final List<String> options)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.nativeCode = nativeCode;
        this.optional = optional;
        this.options = List.copyOf(options);
    }

    /**
     * @param name        the variant name in results, e.g. {@code native}.
     * @param description what runs, for the report.
     * @return the native reference variant.
     */
    public static RunVariant nativeCode(final String name, final String description)
    {
        return new RunVariant(name, description, true, false, List.of());
    }

    /**
     * @param name        the variant name in results, e.g. {@code native-tcp}.
     * @param description what runs, for the report.
     * @param options     launcher options that select it, e.g. {@code --mca btl self,tcp}.
     * @return a native variant that is measured only when a probe run with these options succeeds.
     */
    public static RunVariant optionalNative(final String name, final String description, final String... options)
    {
        return new RunVariant(name, description, true, true, List.of(options));
    }

    /**
     * @param name        the variant name in results, e.g. {@code wabric-shared}.
     * @param description what runs, for the report.
     * @param options     launcher options that select it, e.g. {@code --omp=shared}.
     * @return a Wabric variant that must work (its failure fails the experiment).
     */
    public static RunVariant wabric(final String name, final String description, final String... options)
    {
        return new RunVariant(name, description, false, false, List.of(options));
    }

    /**
     * @param name        the variant name in results, e.g. {@code wabric-fork}.
     * @param description what runs, for the report.
     * @param options     launcher options that select it, e.g. {@code --omp=fork}.
     * @return a Wabric variant that is measured only when a probe run with these options succeeds.
     */
    public static RunVariant optionalWabric(final String name, final String description, final String... options)
    {
        return new RunVariant(name, description, false, true, List.of(options));
    }

    /**
     * @return the variant name in results.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return what runs, for the report.
     */
    public String description()
    {
        return description;
    }

    /**
     * @return true for the native reference.
     */
    public boolean isNative()
    {
        return nativeCode;
    }

    /**
     * @return true when it is measured only if a probe succeeds.
     */
    public boolean isOptional()
    {
        return optional;
    }

    /**
     * @return the launcher options that select it.
     */
    public List<String> options()
    {
        return options;
    }

    @Override
    public String toString()
    {
        return name;
    }
}
