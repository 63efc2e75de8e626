package io.tcplens.live;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** tcpdump -D's line format, from libpcap's flags. */
class PcapDeviceTest {
    @Test
    void formatsLikeTcpdump() {
        assertThat(new PcapDevice("eth0", null, 0x02 | 0x04 | 0x10).tcpdumpLine(1)).isEqualTo("1.eth0 [Up, Running, Connected]");
        assertThat(new PcapDevice("any", "Pseudo-device that captures on all interfaces", 0x02 | 0x04 | 0x30).tcpdumpLine(2))
                .isEqualTo("2.any (Pseudo-device that captures on all interfaces) [Up, Running]");
        assertThat(new PcapDevice("lo", null, 0x01 | 0x02 | 0x04 | 0x30).tcpdumpLine(3)).isEqualTo("3.lo [Up, Running, Loopback]");
        assertThat(new PcapDevice("ifb0", null, 0x30).tcpdumpLine(4)).isEqualTo("4.ifb0 [none]");
        assertThat(new PcapDevice("wlan0", null, 0x02 | 0x08 | 0x20).tcpdumpLine(5)).isEqualTo("5.wlan0 [Up, Wireless, Not associated]");
        assertThat(new PcapDevice("eth1", null, 0x02 | 0x20).tcpdumpLine(6)).isEqualTo("6.eth1 [Up, Disconnected]");
        assertThat(new PcapDevice("x", null, 0).tcpdumpLine(7)).isEqualTo("7.x");
        assertThat(new PcapDevice("y", null, 0x02).tcpdumpLine(8)).isEqualTo("8.y [Up, Connection status unknown]");
    }
}
