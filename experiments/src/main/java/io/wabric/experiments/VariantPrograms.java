package io.wabric.experiments;

import io.wabric.experiments.program.NativeBuild;
import io.wabric.experiments.program.ProcessResult;
import io.wabric.experiments.program.RunVariant;
import io.wabric.experiments.program.WabricBuild;
import io.wabric.experiments.result.Results;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the experiments with several run variants of one program (OpenMP modes, MPI transports) share: building
 * the program natively and for Wabric, and keeping the variants that can run here (required ones always, optional
 * ones when a small probe run of them exits 0; the others are recorded as not available, with the reason).
 */
public final class VariantPrograms
{
    private final BenchContext context;
    private final String group;
    private final NativeBuild nativeBuild;
    private final WabricBuild wabricBuild;

    /**
     * @param context     the run.
     * @param group       the experiment group, naming probes and unavailable variants in the results.
     * @param nativeBuild how the native program is built.
     * @param wabricBuild how the Wasm module is built.
     */
    public VariantPrograms(final BenchContext context, final String group, final NativeBuild nativeBuild,
        final WabricBuild wabricBuild)
    {
        this.context = context;
        this.group = group;
        this.nativeBuild = nativeBuild;
        this.wabricBuild = wabricBuild;
    }

    /**
     * @param sourceRelative the C source, relative to the repository root.
     * @param name           the program's base name.
     * @return the native executable and the Wasm module, keyed by whether they are native.
     */
    public Map<Boolean, Path> build(final String sourceRelative, final String name)
    {
        final Path source = context.source(sourceRelative);
        context.progress().step("building " + name + " with " + nativeBuild.description() + " and " +
            wabricBuild.description());
        final Map<Boolean, Path> programs = new HashMap<>();
        programs.put(true, nativeBuild.build(source, name));
        programs.put(false, wabricBuild.build(source, name));
        return programs;
    }

    /**
     * @param variants every variant, in the order to measure them.
     * @param probe    a small run of one variant (its failure is the reason it is not available).
     * @param results  where unavailable variants are recorded.
     * @return the variants to measure, in {@code variants} order.
     */
    public List<RunVariant> available(final List<RunVariant> variants, final Function<RunVariant, ProcessResult> probe,
        final Results results)
    {
        final List<RunVariant> available = new ArrayList<>();
        for (final RunVariant variant : variants)
        {
            if (!variant.isOptional())
            {
                available.add(variant);
                continue;
            }
            final Optional<String> reason = context.probe(group + "/" + variant.name(),
                () -> probe.apply(variant).failure());
            if (reason.isEmpty())
            {
                available.add(variant);
            }
            else
            {
                results.unavailable(group, variant.name(), reason.get());
            }
        }
        return available;
    }
}
