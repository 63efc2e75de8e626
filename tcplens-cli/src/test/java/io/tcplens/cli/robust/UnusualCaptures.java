package io.tcplens.cli.robust;

import io.tcplens.testing.GeneratedCapture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Generated captures of unusual but legal input (issue 17), written once per run under
 * target/generated-captures: deep pipelining, long heads, long chunk sizes, deep nesting, a NUL
 * in a request line. Each is a single HTTP connection unless its name says otherwise.
 */
public final class UnusualCaptures {
    private UnusualCaptures() {}

    static final Path DIR = Path.of("target", "generated-captures");

    /** A response whose reason phrase names the request it answers ("for /p7"), so pairing can be checked. */
    static String answer(String uri, String body) {
        return "HTTP/1.1 200 for " + uri + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** {@code n} GETs sent before the first response; the last asks to close; then the n responses and the close. */
    static Path pipelined(int n) throws IOException {
        return cached("pipelined-" + n + ".pcap", () -> {
            GeneratedCapture g = new GeneratedCapture().open();
            StringBuilder rq = new StringBuilder(), rs = new StringBuilder();
            for (int i = 0; i < n; i++) {
                rq.append("GET /p").append(i).append(" HTTP/1.1\r\nHost: x\r\n").append(i == n - 1 ? "Connection: close\r\n" : "")
                        .append("\r\n");
                rs.append(answer("/p" + i, "r" + i));
            }
            return g.client(rq.toString()).server(rs.toString()).close();
        });
    }

    /** One GET whose head is {@code head} (a request line and fields, without the final empty line). */
    static Path request(String name, String head) throws IOException {
        return cached(name + ".pcap", () -> new GeneratedCapture().open().client(head + "\r\n\r\n")
                .server(answer("/", "hi")).close());
    }

    static Path longUri() throws IOException {
        return request("uri-9000", "GET /" + "u".repeat(8999) + " HTTP/1.1\r\nHost: x");
    }

    static Path longHeaderLine() throws IOException {
        return request("header-line-20k", "GET /big-header HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(20_000));
    }

    /** About 10 MB of header fields (110,000 of them), then a normal response. */
    static Path tenMegabytesOfHeaders() throws IOException {
        StringBuilder h = new StringBuilder("GET /ten-mb HTTP/1.1\r\nHost: x");
        for (int i = 0; h.length() < 10_000_000; i++) h.append("\r\nX-Header-").append(i).append(": ").append("v".repeat(80));
        return request("headers-10m", h.toString());
    }

    static Path nulInRequestLine() throws IOException {
        return request("nul-request-line", "GET /a\0b HTTP/1.1\r\nHost: x");
    }

    /** A chunked response whose chunk sizes are {@code sizes} (each followed by 5 bytes of data) then a last chunk. */
    static Path chunked(String name, String size, String lastChunk) throws IOException {
        return cached(name + ".pcap", () -> new GeneratedCapture().open().client("GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n")
                .server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\nhello\r\n" + lastChunk + "\r\n\r\n")
                .close());
    }

    static Path sixteenDigitChunk() throws IOException { return chunked("chunk-16-digits", "0000000000000005", "00000000000000000000"); }

    static Path overflowingChunk() throws IOException { return chunked("chunk-overflow", "10000000000000005", "0"); }

    /** The same GET/200 connection under {@code vlan} 802.1Q tags and {@code ipInIp} outer IPv4 headers. */
    static Path nested(int vlan, int ipInIp) throws IOException {
        return cached("nested-vlan" + vlan + "-ipip" + ipInIp + ".pcap", () -> new GeneratedCapture().vlanTags(vlan).ipInIp(ipInIp)
                .open().client("GET /nested HTTP/1.1\r\nHost: x\r\n\r\n").server(answer("/nested", "hi")).close());
    }

    static Path unknownLinkType() throws IOException {
        return cached("link-type-48879.pcap", () -> new GeneratedCapture().linkType(48879).open()
                .client("GET / HTTP/1.1\r\nHost: x\r\n\r\n").server(answer("/", "hi")).close());
    }

    /**
     * Every generated HTTP capture, by name (for the tshark comparison); the 10 MB head only if
     * asked (tshark 4.0 takes minutes over it: checked once by hand, it agrees).
     */
    public static Map<String, Path> all(boolean withTenMegabytes) throws IOException {
        Map<String, Path> m = new LinkedHashMap<>();
        m.put("pipelined-1001", pipelined(1001));
        m.put("pipelined-1500", pipelined(1500));
        m.put("uri-9000", longUri());
        m.put("header-line-20k", longHeaderLine());
        if (withTenMegabytes) m.put("headers-10m", tenMegabytesOfHeaders());
        m.put("nul-request-line", nulInRequestLine());
        m.put("chunk-16-digits", sixteenDigitChunk());
        m.put("chunk-overflow", overflowingChunk());
        for (int v : new int[] {9, 16, 20}) m.put("vlan-" + v, nested(v, 0));
        for (int d : new int[] {9, 16, 32, 64}) m.put("ipip-" + d, nested(0, d));
        return m;
    }

    private interface Maker { GeneratedCapture make() throws IOException; }

    private static Path cached(String name, Maker maker) throws IOException {
        Path p = DIR.resolve(name);
        if (!Files.isRegularFile(p)) {
            Files.createDirectories(DIR);
            Path tmp = Files.createTempFile(DIR, name, ".tmp");
            maker.make().write(tmp);
            Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return p;
    }
}
