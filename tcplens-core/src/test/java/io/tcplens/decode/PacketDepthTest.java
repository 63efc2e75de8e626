package io.tcplens.decode;

import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.testing.GeneratedCapture;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nesting as deep as tshark decodes it (issue 17, item 4): tshark 4.0 finds the TCP connection
 * under up to 20 VLAN tags and under hundreds of IP-in-IP layers (checked on these generated
 * captures); the decoder follows 20 tags and 64 encapsulations, and marks a frame past either
 * limit so the commands can say it was not analysed. (Before: nothing past 8 was decoded.)
 */
class PacketDepthTest {

    /** The decoder's verdict on every frame of a generated GET/200 conversation. */
    static int[] decode(GeneratedCapture g) throws Exception {
        g.open().client("GET / HTTP/1.1\r\nHost: x\r\n\r\n").server("HTTP/1.1 204 No Content\r\n\r\n").close();
        int tcp = 0, problem = -1;
        try (CaptureReader r = CaptureReader.open("gen", new ByteArrayInputStream(g.bytes()))) {
            Frame f = new Frame();
            Packet p = new Packet();
            while (r.next(f)) {
                if (p.decode(f)) {
                    tcp++;
                    assertThat(p.srcPort() == 80 || p.dstPort() == 80).isTrue();
                }
                problem = p.problem();
            }
        }
        return new int[] {tcp, g.frames(), problem};
    }

    @Test
    void vlanTagsUpToTwentyAreSeenThroughAsTsharkDoes() throws Exception {
        for (int n : new int[] {9, 16, 20}) {
            int[] r = decode(new GeneratedCapture().vlanTags(n));
            assertThat(r[0]).as(n + " tags").isEqualTo(r[1]);
            assertThat(r[2]).isEqualTo(Packet.PROBLEM_NONE);
        }
        int[] r = decode(new GeneratedCapture().vlanTags(21));
        assertThat(r[0]).isZero();
        assertThat(r[2]).isEqualTo(Packet.PROBLEM_TOO_MANY_VLAN_TAGS);
    }

    @Test
    void ipInIpUpToSixtyFourLayersIsSeenThroughAndDeeperIsMarked() throws Exception {
        for (int n : new int[] {9, 16, 32, 63, 64}) {
            int[] r = decode(new GeneratedCapture().ipInIp(n));
            assertThat(r[0]).as(n + " layers").isEqualTo(r[1]);
            assertThat(r[2]).isEqualTo(Packet.PROBLEM_NONE);
        }
        int[] r = decode(new GeneratedCapture().ipInIp(65));
        assertThat(r[0]).isZero();
        assertThat(r[2]).isEqualTo(Packet.PROBLEM_TOO_DEEP);
    }

    @Test
    void vlanTagsAndIpInIpTogether() throws Exception {
        int[] r = decode(new GeneratedCapture().vlanTags(20).ipInIp(64));
        assertThat(r[0]).isEqualTo(r[1]);
    }

    @Test
    void anUnknownLinkTypeIsMarked() throws Exception {
        int[] r = decode(new GeneratedCapture().linkType(48879));
        assertThat(r[0]).isZero();
        assertThat(r[2]).isEqualTo(Packet.PROBLEM_UNSUPPORTED_LINK);
    }
}
