package io.wabric.transport;

import org.junit.jupiter.api.Test;

import java.net.NetworkInterface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class UdpChannelsTest
{
    @Test
    void shouldFitTheMtuToTheInterfaceLessHeadersAndFrameAligned()
    {
        assertEquals(65504, UdpChannels.mtuForInterfaceBytes(65536), "loopback");
        assertEquals(1472, UdpChannels.mtuForInterfaceBytes(1500), "Ethernet");
        assertEquals(8960, UdpChannels.mtuForInterfaceBytes(9000), "jumbo frames");
        assertEquals(1472 - 32, UdpChannels.mtuForInterfaceBytes(1480), "a tunnel: rounded down to 32 bytes");
        assertEquals(0, UdpChannels.mtuForInterfaceBytes(576), "too small for Aeron: its default stays");
        assertEquals(0, UdpChannels.mtuForInterfaceBytes(0), "unknown interface");
    }

    @Test
    void shouldKeepTheReceiverWindowWithinTheSocketBufferAndHalfATerm()
    {
        assertEquals(4 * 1024 * 1024, UdpChannels.receiverWindowBytes(4 * 1024 * 1024, 8 * 1024 * 1024));
        assertEquals(212992, UdpChannels.receiverWindowBytes(212992, 8 * 1024 * 1024), "Debian's rmem_max");
        assertEquals(512 * 1024, UdpChannels.receiverWindowBytes(4 * 1024 * 1024, 1024 * 1024), "half a term");
        assertEquals(200 * 1024, UdpChannels.receiverWindowBytes(200 * 1024 + 100, 8 * 1024 * 1024), "4 KiB aligned");
    }

    @Test
    void shouldUseTheLoopbackMtuAndTheKernelsBuffersOnLoopback() throws Exception
    {
        final int loopbackMtu = NetworkInterface.getByName("lo") == null ? 65536 :
            NetworkInterface.getByName("lo").getMTU();
        final UdpChannels channels = UdpChannels.forEndpoint("127.0.0.1:40999", 8 * 1024 * 1024, 0);
        assertEquals(UdpChannels.mtuForInterfaceBytes(loopbackMtu), channels.mtuBytes());
        assertTrue(channels.receiverWindowBytes() >= 64 * 1024 &&
                channels.receiverWindowBytes() <= UdpChannels.WANTED_SOCKET_BUFFER_BYTES,
            "window " + channels.receiverWindowBytes());
        assertTrue(channels.subscriptionChannel().matches(
                "aeron:udp\\?endpoint=127\\.0\\.0\\.1:40999\\|so-rcvbuf=\\d+\\|rcv-wnd=" + channels.receiverWindowBytes()),
            channels.subscriptionChannel());
        assertTrue(channels.publicationChannel("127.0.0.2:41000")
            .startsWith("aeron:udp?endpoint=127.0.0.2:41000|term-length=8388608|so-sndbuf="));
        assertEquals(1408, UdpChannels.forEndpoint("127.0.0.1:40999", 8 * 1024 * 1024, 1408).mtuBytes(),
            "an explicit MTU wins");
    }

    @Test
    void shouldKeepTheMtuWithinTheReceiverWindowOfATightKernel()
    {
        // a window smaller than a frame would hold that frame back for good
        final UdpChannels channels = UdpChannels.forEndpoint("127.0.0.1:40999", 64 * 1024, 65504);
        assertEquals(32 * 1024, channels.receiverWindowBytes(), "half of a 64 KiB term");
        assertEquals(32 * 1024, channels.mtuBytes());
    }

    @Test
    void shouldTellEndpointsOnThisMachineFromOthers()
    {
        assertTrue(UdpChannels.isOnThisMachine("127.0.0.1:4000"));
        assertTrue(UdpChannels.isOnThisMachine("127.0.0.2:4000"), "all of 127/8 is loopback");
        assertTrue(UdpChannels.isOnThisMachine("localhost:4000"));
        assertFalse(UdpChannels.isOnThisMachine("192.0.2.1:4000"), "TEST-NET-1 is nobody's address");
        assertFalse(UdpChannels.isOnThisMachine("no-such-host.invalid:4000"));

        final TransportConfig config = new TransportConfig(0, 3).media(TransportConfig.Media.UDP)
            .endpoints(java.util.List.of("127.0.0.1:4000", "127.0.0.1:4001", "192.0.2.1:4000"));
        assertTrue(config.onThisMachine(0) && config.onThisMachine(1));
        assertFalse(config.onThisMachine(2), "a process on another host does not compete for our cores");
        assertTrue(new TransportConfig(0, 2).onThisMachine(1), "IPC peers share the machine");
    }
}
