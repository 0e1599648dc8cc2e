package io.wabric.core.engine;

/**
 * Turns an import that nothing satisfies into a one-line message saying what would provide it.
 */
@FunctionalInterface
public interface MissingImportExplainer
{
    /** Says only that the import is missing. */
    MissingImportExplainer GENERIC = (moduleName, name) ->
        moduleName + ": imports " + name + ", which Wabric does not provide";

    /**
     * @param moduleName the guest module's name.
     * @param name       the unsatisfied import.
     * @return one line for the user.
     */
    String explain(String moduleName, ImportName name);
}
