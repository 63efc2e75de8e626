package io.tcplens.conn;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** The one IPv6 formatter prints what tcpdump 4.99.3 (glibc's inet_ntop) prints. */
class AddressesTest {
    private static String v6(String literal) throws Exception {
        return Addresses.format(InetAddress.getByName(literal).getAddress().length == 16
                ? InetAddress.getByName(literal).getAddress() : toV6(literal));
    }

    /** Java turns ::ffff:a.b.c.d into an Inet4Address: rebuild the 16 bytes. */
    private static byte[] toV6(String literal) throws Exception {
        byte[] v4 = InetAddress.getByName(literal).getAddress();
        byte[] a = new byte[16];
        a[10] = (byte) 0xFF;
        a[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, a, 12, 4);
        return a;
    }

    @Test
    void sameTextAsTcpdump() throws Exception {
        // Each right-hand side is what `tcpdump -n` printed for a packet from that address.
        assertThat(v6("::1.2.3.4")).isEqualTo("::1.2.3.4");          // was ::102:304
        assertThat(v6("::ffff:1.2.3.4")).isEqualTo("::ffff:1.2.3.4");
        assertThat(v6("::1")).isEqualTo("::1");
        assertThat(v6("2001:db8::1")).isEqualTo("2001:db8::1");
        assertThat(v6("1:0:0:1:0:0:0:1")).isEqualTo("1:0:0:1::1");   // the longer run is compressed
        assertThat(v6("::0.0.1.2")).isEqualTo("::102");
        assertThat(v6("fe80::1:0:0:0")).isEqualTo("fe80::1:0:0:0");  // the first of equal runs
        assertThat(v6("1::")).isEqualTo("1::");
        assertThat(v6("::ffff:0:1.2.3.4")).isEqualTo("::ffff:0:102:304");
        assertThat(v6("0:0:0:0:1:0:0:0")).isEqualTo("::1:0:0:0");
        assertThat(Addresses.format(new byte[] {10, 0, 0, (byte) 200})).isEqualTo("10.0.0.200");
    }
}
