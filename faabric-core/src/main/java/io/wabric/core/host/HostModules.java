package io.wabric.core.host;

import io.wabric.core.engine.MissingImportExplainer;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The host modules on the class path, and what they tell users about imports nothing satisfies.
 */
public final class HostModules
{
    private final List<HostModule> modules;

    private HostModules(final List<HostModule> modules)
    {
        this.modules = List.copyOf(modules);
    }

    /**
     * @return every {@link HostModule} registered with {@link ServiceLoader}.
     */
    public static HostModules discover()
    {
        final List<HostModule> found = new ArrayList<>();
        ServiceLoader.load(HostModule.class, HostModules.class.getClassLoader()).forEach(found::add);
        return new HostModules(found);
    }

    /**
     * @return the modules.
     */
    public List<HostModule> all()
    {
        return modules;
    }

    /**
     * @param feature a feature name.
     * @return the module, or {@code null} when none has that name.
     */
    public HostModule feature(final String feature)
    {
        for (final HostModule module : modules)
        {
            if (module.feature().equals(feature))
            {
                return module;
            }
        }
        return null;
    }

    /**
     * @return every {@code env} function name any module provides, sorted: the allowed undefined symbols for
     *         {@code wabric cc}.
     */
    public Set<String> allProvidedNames()
    {
        final Set<String> names = new TreeSet<>();
        modules.forEach(module -> names.addAll(module.provides()));
        return names;
    }

    /**
     * An explainer naming the feature that provides a missing import, if any.
     *
     * @return the explainer.
     */
    public MissingImportExplainer explainer()
    {
        return (moduleName, name) ->
        {
            if (name.module().equals("env"))
            {
                for (final HostModule module : modules)
                {
                    if (module.provides().contains(name.field()))
                    {
                        return moduleName + ": imports " + name + " from Wabric's " + module.feature() +
                            " feature, which this launcher does not enable: " + module.howToEnable();
                    }
                }
            }
            if (name.module().startsWith("wasi_"))
            {
                return moduleName + ": imports " + name + ", which Wabric's WASI preview 1 does not provide" +
                    " (only wasi_snapshot_preview1 is supported)";
            }
            return moduleName + ": imports " + name + ", which Wabric does not provide: the guest calls a function" +
                " that was never defined; build with `wabric cc`, which rejects such calls at link time";
        };
    }
}
