package io.wabric.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;

/**
 * The Aeron UDP channel URIs of a job, sized for the network they run on rather than for Aeron's defaults.
 *
 * <p>Aeron's defaults (1408-byte MTU, 128 KiB socket buffers and receiver window) suit a lossy WAN. Between the
 * hosts of a job they cap a stream at one window per status-message round trip: a 1 MiB MPI message took some
 * 3 ms over loopback. Here:
 * <ul>
 *   <li><b>MTU</b>: the MTU of the interface that holds this process's endpoint address, less the IP and UDP headers
 *       (28 bytes), rounded down to Aeron's 32-byte frame alignment and capped at Aeron's 65504: 65504 on loopback,
 *       1472 on standard Ethernet, 8960 with 9000-byte jumbo frames. A path with a smaller MTU further on still
 *       works, through IP fragmentation. Where the interface is unknown (a wildcard address) Aeron's default
 *       stays.</li>
 *   <li><b>Socket buffers</b>: {@value #WANTED_SOCKET_BUFFER_BYTES} bytes, or what the kernel allows
 *       ({@code net.core.rmem_max}/{@code wmem_max}; Debian's default is 208 KiB).</li>
 *   <li><b>Receiver window</b>: the receive buffer, at most half a term, so the window never promises more than
 *       the kernel can hold (a larger one would make the kernel drop datagrams that Aeron must then repair). The
 *       MTU is cut to fit in it where a kernel allows less than one frame.</li>
 * </ul>
 */
public final class UdpChannels
{
    /** The largest Aeron MTU (a 64 KiB datagram less headers, frame aligned). */
    public static final int MAX_MTU_BYTES = 65504;
    /** IPv4 (20) and UDP (8) headers inside an interface's MTU. */
    static final int IP_UDP_HEADER_BYTES = 28;
    /** Socket buffer size asked for; the kernel may allow less. */
    static final int WANTED_SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;
    private static final int FRAME_ALIGNMENT = 32;
    private static final int WINDOW_ALIGNMENT = 4096;

    private final String ownEndpoint;
    private final int termLengthBytes;
    private final int mtuBytes;
    private final int receiveBufferBytes;
    private final int sendBufferBytes;
    private final int receiverWindowBytes;

    private UdpChannels(final String ownEndpoint, final int termLengthBytes, final int mtuBytes,
        final int receiveBufferBytes, final int sendBufferBytes)
    {
        this.ownEndpoint = ownEndpoint;
        this.termLengthBytes = termLengthBytes;
        this.receiveBufferBytes = receiveBufferBytes;
        this.receiverWindowBytes = receiverWindowBytes(receiveBufferBytes, termLengthBytes);
        // a frame larger than the receiver's window could never be sent: flow control would hold it for good
        this.mtuBytes = Math.min(mtuBytes, receiverWindowBytes / FRAME_ALIGNMENT * FRAME_ALIGNMENT);
        this.sendBufferBytes = Math.max(sendBufferBytes, this.mtuBytes);
    }

    /**
     * Sizes the channels of a process from its endpoint's interface and the kernel's socket limits.
     *
     * @param ownEndpoint     {@code host:port} this process receives on.
     * @param termLengthBytes the publications' term length.
     * @param mtuOverride     an MTU to use instead of the interface's, 0 for none.
     * @return the sizes.
     */
    public static UdpChannels forEndpoint(final String ownEndpoint, final int termLengthBytes, final int mtuOverride)
    {
        final int mtu = mtuOverride > 0 ? mtuOverride : mtuForInterfaceBytes(interfaceMtuBytes(host(ownEndpoint)));
        final int[] limits = kernelSocketBufferLimits();
        return new UdpChannels(ownEndpoint, termLengthBytes, mtu, Math.min(WANTED_SOCKET_BUFFER_BYTES, limits[0]),
            Math.min(WANTED_SOCKET_BUFFER_BYTES, limits[1]));
    }

    /**
     * @param interfaceMtuBytes an interface's MTU, 0 or less when unknown.
     * @return the Aeron MTU for it: headers off, 32-byte aligned, at most {@link #MAX_MTU_BYTES}; 0 (Aeron's
     *         default) when unknown or too small for Aeron.
     */
    static int mtuForInterfaceBytes(final int interfaceMtuBytes)
    {
        if (interfaceMtuBytes <= 0)
        {
            return 0;
        }
        final int mtu = Math.min(MAX_MTU_BYTES,
            (interfaceMtuBytes - IP_UDP_HEADER_BYTES) / FRAME_ALIGNMENT * FRAME_ALIGNMENT);
        return mtu >= 1024 ? mtu : 0;
    }

    /**
     * @param receiveBufferBytes the socket receive buffer asked for.
     * @param termLengthBytes    the term length.
     * @return the receiver window: the buffer, at most half a term, 4 KiB aligned.
     */
    static int receiverWindowBytes(final int receiveBufferBytes, final int termLengthBytes)
    {
        final int window = Math.min(receiveBufferBytes, termLengthBytes / 2);
        return Math.max(WINDOW_ALIGNMENT, window / WINDOW_ALIGNMENT * WINDOW_ALIGNMENT);
    }

    /**
     * @return the channel this process subscribes to, on its own endpoint.
     */
    public String subscriptionChannel()
    {
        return "aeron:udp?endpoint=" + ownEndpoint + "|so-rcvbuf=" + receiveBufferBytes + "|rcv-wnd=" +
            receiverWindowBytes;
    }

    /**
     * @param peerEndpoint the receiving peer's {@code host:port}.
     * @return the channel this process publishes to that peer on.
     */
    public String publicationChannel(final String peerEndpoint)
    {
        return "aeron:udp?endpoint=" + peerEndpoint + "|term-length=" + termLengthBytes + "|so-sndbuf=" +
            sendBufferBytes + (mtuBytes > 0 ? "|mtu=" + mtuBytes : "");
    }

    /**
     * @return the MTU used, 0 for Aeron's default (1408, within any receiver window, which is at least 4 KiB).
     */
    public int mtuBytes()
    {
        return mtuBytes;
    }

    /**
     * @return the receiver window.
     */
    public int receiverWindowBytes()
    {
        return receiverWindowBytes;
    }

    /**
     * @param endpoint a {@code host:port}.
     * @return true when the host is an address of this machine (loopback included): the process receiving there
     *         shares this machine's cores.
     */
    public static boolean isOnThisMachine(final String endpoint)
    {
        try
        {
            final InetAddress address = InetAddress.getByName(host(endpoint));
            return address.isLoopbackAddress() || address.isAnyLocalAddress() ||
                NetworkInterface.getByInetAddress(address) != null;
        }
        catch (final UnknownHostException | SocketException ex)
        {
            return false;
        }
    }

    private static String host(final String endpoint)
    {
        final int colon = endpoint.lastIndexOf(':');
        final String host = colon < 0 ? endpoint : endpoint.substring(0, colon);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int interfaceMtuBytes(final String host)
    {
        try
        {
            final NetworkInterface nic = NetworkInterface.getByInetAddress(InetAddress.getByName(host));
            return nic == null ? 0 : nic.getMTU();
        }
        catch (final UnknownHostException | SocketException ex)
        {
            return 0;
        }
    }

    /**
     * Asks a probe socket for the largest buffers and reads back what the kernel granted (as Aeron's driver does),
     * halved: Linux reports twice what it was asked for, the other half being its own bookkeeping.
     */
    private static int[] kernelSocketBufferLimits()
    {
        try (DatagramChannel probe = DatagramChannel.open())
        {
            probe.setOption(StandardSocketOptions.SO_RCVBUF, Integer.MAX_VALUE);
            probe.setOption(StandardSocketOptions.SO_SNDBUF, Integer.MAX_VALUE);
            return new int[] {probe.getOption(StandardSocketOptions.SO_RCVBUF) / 2,
                probe.getOption(StandardSocketOptions.SO_SNDBUF) / 2};
        }
        catch (final IOException ex)
        {
            throw new TransportException("cannot open a probe UDP socket to read the kernel's buffer limits: " + ex);
        }
    }
}
