package io.tcplens.render.follow;

import io.tcplens.reassembly.TsharkFollow;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FollowRendererTest {
    static final int C = 1000, S = 5000; // initial sequence numbers

    static void seg(TsharkFollow f, int node, int flags, int seq, int ack, String data, long frame) {
        byte[] b = data.getBytes(StandardCharsets.ISO_8859_1);
        f.packet(node, flags, seq, ack, b, 0, b.length, b.length, frame, frame);
    }

    static TsharkFollow handshake() {
        TsharkFollow f = new TsharkFollow();
        byte[] a = {127, 0, 0, 1, 127, 0, 0, 2};
        f.packet(a, 0, 4, 4, 40000, 80, 0x02, C, 0, 0, 0, 0, 1, 1);
        seg(f, 1, 0x12, S, C + 1, "", 2);
        seg(f, 0, 0x10, C + 1, S + 1, "", 3);
        return f;
    }

    static String ascii(TsharkFollow f) {
        return new String(FollowRenderer.render(FollowRenderer.Mode.ASCII, 7, f), StandardCharsets.ISO_8859_1);
    }

    @Test
    void headerNodesAndTabbedServerChunks() {
        TsharkFollow f = handshake();
        seg(f, 0, 0x18, C + 1, S + 1, "GET / HTTP/1.1\r\n\r\n", 4);
        seg(f, 1, 0x18, S + 1, C + 19, "HTTP/1.1 200 OK\r\n\r\n\u0000\t\u00ff", 5);
        assertThat(ascii(f)).isEqualTo("\n" + "=".repeat(67) + "\nFollow: tcp,ascii\nFilter: tcp.stream eq 7\n"
                + "Node 0: 127.0.0.1:40000\nNode 1: 127.0.0.2:80\n"
                + "18\nGET / HTTP/1.1\r\n\r\n\n"
                + "\t22\nHTTP/1.1 200 OK\r\n\r\n...\n"
                + "=".repeat(67) + "\n");
    }

    @Test
    void retransmissionsDroppedOverlapTrimmedOutOfOrderHeld() {
        TsharkFollow f = handshake();
        seg(f, 0, 0x18, C + 1, S + 1, "abc", 4);
        seg(f, 0, 0x18, C + 1, S + 1, "abc", 5);       // retransmission: nothing
        seg(f, 0, 0x18, C + 2, S + 1, "bcdef", 6);     // overlap: "def"
        seg(f, 0, 0x18, C + 10, S + 1, "jk", 7);       // out of order: held
        seg(f, 0, 0x18, C + 7, S + 1, "ghi", 8);       // fills the hole: "ghi" then "jk"
        assertThat(ascii(f)).contains("3\nabc\n3\ndef\n3\nghi\n2\njk\n");
        assertThat(f.chunks()).extracting(TsharkFollow.Chunk::frame).containsExactly(4L, 6L, 8L, 7L);
    }

    @Test
    void missingBytesMarkerWhenThePeerAcksPastAHole() {
        TsharkFollow f = handshake();
        seg(f, 0, 0x18, C + 1, S + 1, "abc", 4);
        seg(f, 0, 0x18, C + 9, S + 1, "xyz", 5);       // 5 bytes never captured
        seg(f, 1, 0x10, S + 1, C + 12, "", 6);         // the server acks everything
        assertThat(ascii(f)).contains("3\nabc\n34\n[5 bytes missing in capture file].\n3\nxyz\n");
    }

    @Test
    void hexAndRawModes() {
        TsharkFollow f = handshake();
        seg(f, 0, 0x18, C + 1, S + 1, "0123456789abcdefXYZ", 4);
        seg(f, 1, 0x18, S + 1, C + 20, "ok", 5);
        seg(f, 0, 0x18, C + 20, S + 3, "!", 6);
        String hex = new String(FollowRenderer.render(FollowRenderer.Mode.HEX, 0, f), StandardCharsets.ISO_8859_1);
        assertThat(hex).contains("Follow: tcp,hex\n")
                .contains("00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  01234567 89abcdef\n"
                        + "00000010  58 59 5a                                          XYZ\n"
                        + "\t00000000  6f 6b                                             ok\n"
                        + "00000013  21                                                !\n");
        String raw = new String(FollowRenderer.render(FollowRenderer.Mode.RAW, 0, f), StandardCharsets.ISO_8859_1);
        assertThat(raw).contains("Node 1: 127.0.0.2:80\n3031323334353637383961626364656658595a\n\t6f6b\n21\n===");
    }

    @Test
    void ipv6AddressesAsWiresharkPrintsThem() {
        assertThat(FollowRenderer.endpoint(bytes("20010db8000100020000000000001002"), 35023)).isEqualTo("[2001:db8:1:2::1002]:35023");
        assertThat(FollowRenderer.endpoint(bytes("00000000000000000000000000000001"), 80)).isEqualTo("[::1]:80");
        assertThat(FollowRenderer.endpoint(bytes("fe800000000000000000000000000000"), 1)).isEqualTo("[fe80::]:1");
        assertThat(FollowRenderer.endpoint(bytes("00000000000000000000ffffc0000201"), 1)).isEqualTo("[::ffff:192.0.2.1]:1");
        assertThat(FollowRenderer.endpoint(bytes("20010000000000010000000000000001"), 1)).isEqualTo("[2001:0:0:1::1]:1");
        assertThat(FollowRenderer.endpoint(bytes("20010db8000000000001000000000001"), 1)).isEqualTo("[2001:db8::1:0:0:1]:1");
    }

    static byte[] bytes(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        return b;
    }
}
