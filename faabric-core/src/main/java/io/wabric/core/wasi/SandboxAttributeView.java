package io.wabric.core.wasi;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttributeView;

/**
 * A file attribute view of any interface type (basic, posix, owner, ...) that maps its sandbox path on every
 * call, so a view obtained while the path was harmless cannot be used after a link swap to act outside the root.
 *
 * <p>A {@link Proxy} stands in for the view: each call resolves the path with {@link SandboxResolver} and invokes
 * the same method on the host provider's view of the resolved path. {@code name()} needs no path and is answered
 * by the host's view of the root.
 */
final class SandboxAttributeView implements InvocationHandler
{
    private final Class<? extends FileAttributeView> type;
    private final SandboxPath path;
    private final boolean followLinks;

    private SandboxAttributeView(
        final Class<? extends FileAttributeView> type, final SandboxPath path, final boolean followLinks)
    {
        this.type = type;
        this.path = path;
        this.followLinks = followLinks;
    }

    /**
     * @param type        the view's interface; the host must support it.
     * @param path        the file.
     * @param followLinks whether a link in the last name is followed.
     * @param <V>         the view's type.
     * @return the confined view.
     */
    static <V extends FileAttributeView> V create(
        final Class<V> type, final SandboxPath path, final boolean followLinks)
    {
        final Object proxy = Proxy.newProxyInstance(
            SandboxAttributeView.class.getClassLoader(),
            new Class<?>[] {type},
            new SandboxAttributeView(type, path, followLinks));
        return type.cast(proxy);
    }

    @Override
    public Object invoke(final Object proxy, final Method method, final Object[] args) throws Throwable
    {
        if (method.getDeclaringClass() == Object.class)
        {
            switch (method.getName())
            {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return type.getSimpleName() + "(" + path + ")";
            }
        }

        final SandboxResolver resolver = path.getFileSystem().resolver();
        final boolean pathless = "name".equals(method.getName()) && 0 == method.getParameterCount();
        final Path host = pathless ? resolver.realRoot() : resolver.hostPath(path, followLinks);
        final LinkOption[] options = followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        final FileAttributeView view = resolver.hostProvider().getFileAttributeView(host, type, options);
        if (null == view)
        {
            throw new UnsupportedOperationException(type.getName() + " is not supported for " + path);
        }
        try
        {
            return method.invoke(view, args);
        }
        catch (final InvocationTargetException ex)
        {
            throw ex.getCause();
        }
    }
}
