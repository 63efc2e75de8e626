package io.tcplens.decode;

import io.tcplens.capture.Frame;
import io.tcplens.capture.LinkType;
import org.junit.jupiter.api.Test;

import static io.tcplens.decode.PacketEncapsulationTest.Bytes;
import static io.tcplens.decode.PacketEncapsulationTest.ip4;
import static io.tcplens.decode.PacketEncapsulationTest.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The decoder's bounds contract: TCP is reported only when its 20-byte fixed header was captured,
 * and the TCP accessors never read another header's (or an earlier frame's) bytes.
 */
class PacketBoundsTest {

    private static byte[] ether(int type, byte[] payload) {
        return new Bytes().u8(2, 2, 2, 2, 2, 2).u8(4, 4, 4, 4, 4, 4).u16(type).raw(payload).get();
    }

    private static Frame frame(byte[] b, int captured) {
        return new Frame().set(b, 0, captured, b.length, 1, 0, LinkType.ETHERNET, 65535, 1);
    }

    @Test
    void aFrameWithFourTcpBytesCapturedIsTruncatedNotTcp() {
        byte[] whole = ether(0x0800, ip4(6, tcp(1234, 80, "")));
        // A buffer reused from a bigger frame: the bytes after the capture are stale, and must not be read.
        byte[] buf = whole.clone();
        for (int i = 14 + 20 + 4; i < buf.length; i++) buf[i] = (byte) 0xEE;
        Packet p = new Packet();
        assertThat(p.decode(frame(buf, 14 + 20 + 4))).isFalse();
        assertThat(p.hasTcp()).isFalse();
        assertThat(p.problem()).isEqualTo(Packet.PROBLEM_TRUNCATED);
        assertThat(p.ipVersion()).isEqualTo(4);
        assertThat(p.layerType(p.layerCount() - 1)).isEqualTo(Layer.TCP);   // the stack still says what began there
        assertThatThrownBy(p::seq).isInstanceOf(IllegalStateException.class).hasMessageContaining("truncated");
        assertThatThrownBy(p::tcpFlags).isInstanceOf(IllegalStateException.class);
        assertThat(p.tcpOptionOffset(3)).isEqualTo(-1);
    }

    @Test
    void aTcpHeaderWhoseOptionsAreCutIsTcpButTruncated() {
        // data offset 8 (12 option bytes: MSS, NOP, NOP, TS...), only 4 option bytes captured.
        byte[] seg = new Bytes().u16(1234).u16(80).u32(1000).u32(0).u8(0x80, 0x02).u16(65535).u16(0).u16(0)
                .u8(2, 4, 5, 0xB4, 1, 1, 8, 10, 0, 0, 0, 1).get();
        byte[] b = ether(0x0800, ip4(6, seg));
        Packet p = new Packet();
        assertThat(p.decode(frame(b, 14 + 20 + 24))).isTrue();
        assertThat(p.tcpFixedHeaderComplete()).isTrue();
        assertThat(p.tcpHeaderComplete()).isFalse();
        assertThat(p.problem()).isEqualTo(Packet.PROBLEM_TRUNCATED);
        assertThat(p.seq()).isEqualTo(1000);
        assertThat(p.tcpOptionOffset(2)).isEqualTo(14 + 20 + 20);   // MSS, captured whole
        assertThat(p.tcpOptionOffset(8)).isEqualTo(-1);   // timestamps: past the captured bytes
        assertThat(p.decode(frame(b, b.length))).isTrue();
        assertThat(p.tcpHeaderComplete()).isTrue();
        assertThat(p.problem()).isEqualTo(Packet.PROBLEM_NONE);
    }

    @Test
    void tcpFieldsOfAnArpFrameAreRefusedNotReadFromTheEthernetHeader() {
        byte[] arp = ether(0x0806, new Bytes().u16(1).u16(0x0800).u8(6, 4).u16(1)
                .u8(2, 2, 2, 2, 2, 2).u8(10, 0, 0, 1).zeros(6).u8(10, 0, 0, 2).get());
        Packet p = new Packet();
        p.decode(frame(arp, arp.length));
        assertThat(p.hasTcp()).isFalse();
        assertThatThrownBy(p::tcpFlags).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(p::srcPort).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(p::tcpHeaderLength).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rawReadsStayInsideTheCapturedBytes() {
        byte[] b = ether(0x0800, ip4(6, tcp(1234, 80, "hi")));
        Packet p = new Packet();
        p.decode(frame(b, b.length - 2));
        assertThat(p.u16At(p.tcpOffset())).isEqualTo(1234);
        assertThatThrownBy(() -> p.u32At(b.length - 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> p.u16At(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
