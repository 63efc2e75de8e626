package io.tcplens.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The SOCKS handshake is taken off each direction's start, whole or in pieces, and nothing else is. */
class SocksPreludeTest {
    private static final byte[] HTTP_REQ = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] HTTP_RESP = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    /** What is left for the application after the prelude, feeding {@code piece} bytes at a time. */
    static byte[] rest(SocksPrelude pre, byte[] stream, int piece) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (int i = 0; i < stream.length; i += piece) {
            int n = Math.min(piece, stream.length - i);
            int k = pre.done() ? 0 : pre.consume(stream, i, n);
            o.write(stream, i + k, n - k);
        }
        return o.toByteArray();
    }

    /** Client and server streams of one connection: the application bytes left on each side. */
    static byte[][] run(byte[] clientStream, byte[] serverStream, int piece) {
        SocksPrelude c = SocksPrelude.client();
        SocksPrelude s = SocksPrelude.server(c);
        // The client's greeting comes first on the wire; feeding the client's side first is enough here.
        return new byte[][] {rest(c, clientStream, piece), rest(s, serverStream, piece)};
    }

    @Test
    void socks5WithoutAuthenticationAsInZeekSocksPcap() {
        byte[] client = concat(bytes(5, 1, 0), bytes(5, 1, 0, 3, 14), "www.osnews.com".getBytes(StandardCharsets.ISO_8859_1),
                bytes(0, 80), HTTP_REQ);
        byte[] server = concat(bytes(5, 0), bytes(5, 0, 0, 1, 192, 168, 0, 31, 10, 128), HTTP_RESP);
        for (int piece : new int[] {1, 2, 7, 1000}) {
            byte[][] r = run(client, server, piece);
            assertThat(r[0]).as("piece %d", piece).isEqualTo(HTTP_REQ);
            assertThat(r[1]).as("piece %d", piece).isEqualTo(HTTP_RESP);
        }
    }

    @Test
    void socks5WithUsernameAndPasswordAndIpv6() {
        byte[] addr6 = new byte[16];
        addr6[15] = 1;
        byte[] client = concat(bytes(5, 2, 0, 2), bytes(1, 3), "bob".getBytes(StandardCharsets.ISO_8859_1), bytes(2), "pw".getBytes(StandardCharsets.ISO_8859_1),
                bytes(5, 1, 0, 4), addr6, bytes(0x1f, 0x90), HTTP_REQ);
        byte[] server = concat(bytes(5, 2), bytes(1, 0), bytes(5, 0, 0, 1, 10, 0, 0, 1, 0x1f, 0x90), HTTP_RESP);
        byte[][] r = run(client, server, 1000);
        assertThat(r[0]).isEqualTo(HTTP_REQ);
        assertThat(r[1]).isEqualTo(HTTP_RESP);
    }

    @Test
    void socks4AndSocks4a() {
        byte[] v4 = concat(bytes(4, 1, 0, 80, 93, 184, 216, 34), "user".getBytes(StandardCharsets.ISO_8859_1), bytes(0), HTTP_REQ);
        byte[] v4a = concat(bytes(4, 1, 0, 80, 0, 0, 0, 1), bytes(0), "example.com".getBytes(StandardCharsets.ISO_8859_1), bytes(0), HTTP_REQ);
        byte[] reply = concat(bytes(0, 0x5a, 0, 80, 93, 184, 216, 34), HTTP_RESP);
        for (byte[] client : new byte[][] {v4, v4a}) {
            for (int piece : new int[] {1, 1000}) {
                byte[][] r = run(client, reply, piece);
                assertThat(r[0]).isEqualTo(HTTP_REQ);
                assertThat(r[1]).isEqualTo(HTTP_RESP);
            }
        }
    }

    @Test
    void anythingElseIsLeftAlone() {
        byte[] tls = bytes(0x16, 3, 1, 0, 5, 1, 0, 0, 1, 0);
        for (byte[] client : new byte[][] {HTTP_REQ, tls}) {
            byte[][] r = run(client, HTTP_RESP, 1000);
            assertThat(r[0]).isEqualTo(client);
            assertThat(r[1]).isEqualTo(HTTP_RESP);
        }
        // Binary data that starts like SOCKS 5 but has no plausible method count: not SOCKS (its
        // first byte is taken, which costs nothing: such a stream is not HTTP either).
        SocksPrelude c = SocksPrelude.client();
        assertThat(rest(c, bytes(5, 200, 1, 2, 3), 1000)).isEqualTo(bytes(200, 1, 2, 3));
        assertThat(c.isSocks()).isFalse();
        // A server that starts with 0x05 or 0x00 is left alone unless the client spoke SOCKS.
        byte[][] r = run(HTTP_REQ, bytes(5, 0, 1, 2), 1000);
        assertThat(r[1]).isEqualTo(bytes(5, 0, 1, 2));
    }
}
