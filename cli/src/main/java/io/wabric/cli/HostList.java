package io.wabric.cli;

import io.wabric.core.WabricException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The hosts of an {@code mpirun} in OpenMPI's syntax, with their slots: {@code --host a:2,b:2} (or {@code a,a,b},
 * each mention one slot) and hostfiles with lines {@code a slots=2}, {@code #} comments. Ranks fill the hosts in
 * order, each up to its slots (OpenMPI's by-slot mapping), one process per host that gets ranks.
 */
final class HostList
{
    private final List<String> hosts = new ArrayList<>();
    private final List<Integer> slots = new ArrayList<>();
    private final String source;

    private HostList(final String source)
    {
        this.source = source;
    }

    static HostList parseHosts(final String spec)
    {
        final Map<String, Integer> bySlots = new LinkedHashMap<>();
        for (final String item : spec.split(","))
        {
            final String entry = item.trim();
            if (entry.isEmpty())
            {
                continue;
            }
            final int colon = entry.lastIndexOf(':');
            final String host = colon > 0 ? entry.substring(0, colon) : entry;
            final int count = colon > 0 ? parseSlots(entry.substring(colon + 1), "--host " + spec) : 1;
            bySlots.merge(host, count, Integer::sum);
        }
        return of(bySlots, "--host " + spec);
    }

    static HostList parseHostfile(final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file);
        }
        catch (final IOException ex)
        {
            throw new WabricException("--hostfile " + file + ": cannot read it (" + ex.getMessage() + ")");
        }
        final Map<String, Integer> bySlots = new LinkedHashMap<>();
        for (int n = 0; n < lines.size(); n++)
        {
            String line = lines.get(n);
            final int hash = line.indexOf('#');
            line = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (line.isEmpty())
            {
                continue;
            }
            final String[] words = line.split("\\s+");
            int count = 1;
            for (int w = 1; w < words.length; w++)
            {
                if (words[w].startsWith("slots="))
                {
                    count = parseSlots(words[w].substring("slots=".length()), file + " line " + (n + 1));
                }
                else if (!words[w].startsWith("max_slots=") && !words[w].startsWith("max-slots="))
                {
                    throw new WabricException(file + " line " + (n + 1) + ": '" + words[w] +
                        "' is not understood; expected: HOST [slots=N] [max_slots=M]");
                }
            }
            bySlots.merge(words[0], count, Integer::sum);
        }
        return of(bySlots, "--hostfile " + file);
    }

    private static HostList of(final Map<String, Integer> bySlots, final String where)
    {
        if (bySlots.isEmpty())
        {
            throw new WabricException(where + ": names no host");
        }
        final HostList list = new HostList(where);
        bySlots.forEach((host, count) ->
        {
            list.hosts.add(host);
            list.slots.add(count);
        });
        return list;
    }

    private static int parseSlots(final String text, final String where)
    {
        try
        {
            final int count = Integer.parseInt(text);
            if (count >= 1)
            {
                return count;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw new WabricException(where + ": slots '" + text + "' must be a positive integer");
    }

    /**
     * @param firstRanks what {@link #firstRanks(int)} returned.
     * @return the hosts that get ranks, in order.
     */
    List<String> usedHosts(final int[] firstRanks)
    {
        return hosts.subList(0, firstRanks.length - 1);
    }

    /**
     * @param np ranks to place.
     * @return the first rank of each used host, then np.
     */
    int[] firstRanks(final int np)
    {
        int total = 0;
        for (final int count : slots)
        {
            total += count;
        }
        if (np > total)
        {
            throw new WabricException("-np " + np + " needs more slots than the " + total + " the hosts give (" +
                describe() + "); add slots (host:N) or hosts");
        }
        final List<Integer> firsts = new ArrayList<>();
        int next = 0;
        for (int h = 0; h < hosts.size() && next < np; h++)
        {
            firsts.add(next);
            next = Math.min(np, next + slots.get(h));
        }
        firsts.add(np);
        return firsts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Resolves each host that gets ranks, before any process starts: a name that does not resolve used to reach
     * the transport as an internal error with a stack trace once the local ranks were already running.
     *
     * @param usedHosts what {@link #usedHosts(int[])} returned.
     * @throws WabricException naming the host and the option it came from.
     */
    void requireResolvable(final List<String> usedHosts)
    {
        for (final String host : usedHosts)
        {
            try
            {
                InetAddress.getByName(host);
            }
            catch (final UnknownHostException ex)
            {
                final String reason = String.valueOf(ex.getMessage()).replaceFirst("^" + Pattern.quote(host) + ": ",
                    "");
                throw new WabricException(source + ": cannot resolve host " + host + " (" + reason +
                    "); check the name, or give an address");
            }
        }
    }

    private String describe()
    {
        final StringBuilder text = new StringBuilder();
        for (int h = 0; h < hosts.size(); h++)
        {
            text.append(h == 0 ? "" : ",").append(hosts.get(h)).append(':').append(slots.get(h));
        }
        return text.toString();
    }

    /**
     * @param host a host name or address.
     * @return whether it names this machine (so its process starts here rather than over ssh).
     */
    static boolean isLocal(final String host)
    {
        if (host.equals("localhost") || host.startsWith("127."))
        {
            return true;
        }
        try
        {
            final InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress() ||
                java.net.NetworkInterface.getByInetAddress(address) != null ||
                host.equals(InetAddress.getLocalHost().getHostName());
        }
        catch (final UnknownHostException | java.net.SocketException ex)
        {
            return false;
        }
    }
}
