package io.tcplens.cli;

import io.tcplens.decode.Packet;
import io.tcplens.reassembly.TsharkFollow;
import io.tcplens.render.follow.FollowRenderer;
import io.tcplens.tcp.SegmentInfo;
import io.tcplens.tcp.TcpListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tcplens follow}: the reassembled conversation of one connection, as tshark's "follow tcp" prints it. */
@Command(name = "follow", sortOptions = false,
        description = {"Print the reassembled conversation of one connection, as tshark's follow does.",
                "Identical to",
                "tshark -q -z follow,tcp,ascii,N (or hex, raw): retransmitted bytes dropped, out-of-order data",
                "held until the gap is filled, missing bytes marked."})
public final class FollowCommand extends IoCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    Inputs input = new Inputs();

    @Option(names = "--stream", paramLabel = "N", required = true, description = "The connection (tcp.stream number).")
    int stream;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "ascii", description = "ascii, hex or raw. Default: ${DEFAULT-VALUE}.")
    String format;

    public static int execute(List<String> args, OutputStream out, PrintStream err) {
        return IoCommand.execute(new FollowCommand(), args, out, err);
    }

    @Override
    public Integer call() throws IOException {
        FollowRenderer.Mode mode;
        try {
            mode = FollowRenderer.Mode.parse(format);
        } catch (IllegalArgumentException e) {
            stderr.println("tcplens: unknown follow format '" + format + "' (use ascii, hex or raw)");
            return 2;
        }
        TsharkFollow follow = new TsharkFollow();
        // The shared pass gives tshark's stream numbers and reassembles IP fragments.
        OfflineRun run = OfflineRun.prepare(List.of(), stderr);
        boolean[] exists = {false};
        int rc = run.run(input, System.in, stderr, new TcpListener() {
            @Override
            public void onSegment(SegmentInfo s) {
                if (s.stream != stream) return;
                exists[0] = true;
                // A TCP header quoted in an ICMP error belongs to the stream but carries no
                // segment of it (and its packet has no TCP layer of its own to read ports from).
                if (s.icmpQuoted) return;
                Packet q = s.packet;                 // the reassembled datagram when the frame was a fragment
                // tshark queues its follow tap after dissecting the TCP options: a header cut short
                // by the snapshot length throws first, so that segment never reaches follow (not
                // even to name the nodes).
                if (q.tcpCaptured() < q.tcpHeaderLength()) return;
                // As Wireshark does for follow: the payload cannot be longer than the frame on the wire.
                int declared = s.lengthKnown ? Math.max(0, s.len) : 0;
                int onWire = q.wireEnd() - s.payloadOffset;
                declared = Math.max(0, Math.min(declared, onWire));
                follow.packet(q.buffer(), q.srcAddrOffset(), q.dstAddrOffset(), q.addrLength(), q.srcPort(), q.dstPort(),
                        s.flags & 0xFF, s.rawSeq, s.rawAck, s.payloadOffset, Math.min(s.payloadCaptured, declared),
                        declared, s.frame, s.timeNanos / 1000);
            }
        });
        // A stream none of whose segments reached follow still prints, with empty nodes, as tshark's does.
        if (!exists[0]) {
            stderr.println("tcplens: no TCP connection with stream number " + stream);
            return rc == 0 ? 1 : rc;
        }
        OutputStream out = new BufferedOutputStream(stdout, 1 << 16);
        FollowRenderer.render(mode, stream, follow, out);
        out.flush();
        return rc;
    }
}
