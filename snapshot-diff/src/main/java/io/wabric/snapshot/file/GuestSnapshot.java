package io.wabric.snapshot.file;

import com.dylibso.chicory.runtime.Memory;
import io.wabric.core.engine.Guest;
import io.wabric.core.engine.GuestModule;
import io.wabric.core.faaslet.MemoryFactory;
import io.wabric.snapshot.SnapshotException;
import io.wabric.snapshot.memory.CowMemory;
import io.wabric.snapshot.memory.MemorySnapshot;
import io.wabric.snapshot.merge.MergeRegion;

import java.util.List;

/**
 * Everything needed to resume a guest from a point in its life: linear memory, every global's value, the merge
 * regions the guest declared, and the digest of the module it belongs to. Immutable.
 *
 * <pre>{@code
 * GuestSnapshot snapshot = GuestSnapshot.capture(guest, (CowMemory)guest.memory(), regions);
 * FaasletOptions options = new FaasletOptions().memoryFactory(snapshot.memoryFactory());
 * Faaslet faaslet = Faaslet.create(module, options);   // memory shares the snapshot's pages
 * snapshot.restoreGlobals(faaslet.guest());
 * }</pre>
 *
 * <p>Not captured: tables (C guests never change table 0 after instantiation), passive data segments dropped with
 * {@code data.drop}, and WASI state such as files opened during initialisation.
 */
public final class GuestSnapshot
{
    private final String moduleDigest;
    private final MemorySnapshot memory;
    private final long[] globals;
    private final List<MergeRegion> regions;

    /**
     * @param moduleDigest the module's digest, as {@link GuestModule#digest()} gives it.
     * @param memory       linear memory 0.
     * @param globals      every global's raw bits, in index order.
     * @param regions      merge regions the guest declared.
     */
    public GuestSnapshot(
        final String moduleDigest, final MemorySnapshot memory, final long[] globals, final List<MergeRegion> regions)
    {
        this.moduleDigest = moduleDigest;
        this.memory = memory;
        this.globals = globals.clone();
        this.regions = List.copyOf(regions);
    }

    /**
     * Takes a snapshot of a guest that is not running: its memory's pages are shared, not copied.
     *
     * @param guest   the instance.
     * @param regions merge regions to record, e.g. from {@link io.wabric.snapshot.host.MergeRegionRegistry}.
     * @return the snapshot.
     * @throws SnapshotException when the guest's memory is not a {@link CowMemory}.
     */
    public static GuestSnapshot capture(final Guest guest, final List<MergeRegion> regions)
    {
        final Memory memory = guest.memory();
        if (!(memory instanceof CowMemory))
        {
            throw new SnapshotException("cannot snapshot a guest whose memory is a " +
                memory.getClass().getSimpleName() + ": create the Faaslet with a CowMemory memory factory");
        }
        final long[] globals = new long[guest.globalCount()];
        for (int i = 0; i < globals.length; i++)
        {
            globals[i] = guest.globalAt(i);
        }
        return new GuestSnapshot(guest.module().digest(), ((CowMemory)memory).snapshot(), globals, regions);
    }

    /**
     * @return a memory factory giving each new instance a fork of this snapshot's memory.
     */
    public MemoryFactory memoryFactory()
    {
        return (limits, capPages, growthListener) -> CowMemory.fork(memory, capPages, growthListener);
    }

    /**
     * Refuses a module this snapshot was not taken from.
     *
     * @param module       the module about to be instantiated.
     * @param snapshotName the snapshot's name (file), for the message.
     * @throws SnapshotException naming both digests when they differ.
     */
    public void checkModule(final GuestModule module, final String snapshotName)
    {
        if (!moduleDigest.equals(module.digest()))
        {
            throw new SnapshotException(snapshotName + " was taken from module " + moduleDigest + " but " +
                module.name() + " is " + module.digest() + ": create the snapshot again with `wabric snapshot create " +
                module.name() + "`");
        }
    }

    /**
     * Returns an existing instance of the snapshot's module to the snapshot, so it can serve another call without a
     * new instantiation: its memory shares the snapshot's pages again (O(pages) pointer work, pages written since are
     * dropped, grown memory shrinks back) and every global gets the snapshot's value. Only between guest calls.
     *
     * @param guest an instance of the module the snapshot was taken from, whose memory is a {@link CowMemory}.
     * @throws SnapshotException when the guest belongs to another module or its memory is not a {@link CowMemory}.
     */
    public void restore(final Guest guest)
    {
        checkModule(guest.module(), "snapshot");
        final Memory memory = guest.memory();
        if (!(memory instanceof CowMemory))
        {
            throw new SnapshotException("cannot restore a snapshot into a guest whose memory is a " +
                memory.getClass().getSimpleName() + ": create the Faaslet with memoryFactory() of the snapshot");
        }
        ((CowMemory)memory).restore(this.memory);
        restoreGlobals(guest);
    }

    /**
     * Sets every global of a fresh instance of the same module to the snapshot's values.
     *
     * @param guest the instance.
     */
    public void restoreGlobals(final Guest guest)
    {
        if (guest.globalCount() != globals.length)
        {
            throw new SnapshotException("snapshot has " + globals.length + " globals but the instance has " +
                guest.globalCount() + ": it belongs to another module");
        }
        for (int i = 0; i < globals.length; i++)
        {
            guest.globalAt(i, globals[i]);
        }
    }

    /**
     * @return the module's digest.
     */
    public String moduleDigest()
    {
        return moduleDigest;
    }

    /**
     * @return linear memory 0.
     */
    public MemorySnapshot memory()
    {
        return memory;
    }

    /**
     * @return the globals' raw bits (a copy).
     */
    public long[] globals()
    {
        return globals.clone();
    }

    /**
     * @return the recorded merge regions.
     */
    public List<MergeRegion> regions()
    {
        return regions;
    }
}
