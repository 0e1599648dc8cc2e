package io.wabric.mpi.world;

import java.util.ArrayList;
import java.util.List;

/**
 * Integer handles for one rank's objects of one kind (communicators, datatypes, requests ...), from a first handle
 * on; freed handles are reused. Confined to the rank's thread.
 *
 * @param <T> the object type.
 */
public final class HandleTable<T>
{
    private final int firstHandle;
    private final List<T> objects = new ArrayList<>();
    private int freeHint;

    /**
     * @param firstHandle the lowest handle this table gives out; lower ones are predefined elsewhere.
     */
    public HandleTable(final int firstHandle)
    {
        this.firstHandle = firstHandle;
    }

    /**
     * @param object the object.
     * @return its new handle.
     */
    public int add(final T object)
    {
        for (int i = freeHint; i < objects.size(); i++)
        {
            if (objects.get(i) == null)
            {
                objects.set(i, object);
                freeHint = i + 1;
                return firstHandle + i;
            }
        }
        objects.add(object);
        freeHint = objects.size();
        return firstHandle + objects.size() - 1;
    }

    /**
     * @param handle a handle.
     * @return its object, or {@code null} when the handle is not live in this table.
     */
    public T get(final int handle)
    {
        final int index = handle - firstHandle;
        return index >= 0 && index < objects.size() ? objects.get(index) : null;
    }

    /**
     * @param handle a live handle.
     * @return the object it named, or {@code null}.
     */
    public T remove(final int handle)
    {
        final int index = handle - firstHandle;
        if (index < 0 || index >= objects.size())
        {
            return null;
        }
        final T object = objects.set(index, null);
        freeHint = Math.min(freeHint, index);
        return object;
    }

    /**
     * @return how many handles are live.
     */
    public int liveCount()
    {
        int live = 0;
        for (final T object : objects)
        {
            live += object == null ? 0 : 1;
        }
        return live;
    }
}
