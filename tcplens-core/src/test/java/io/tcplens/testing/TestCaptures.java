package io.tcplens.testing;

import io.tcplens.capture.CaptureReader;
import io.tcplens.capture.Frame;
import io.tcplens.decode.Packet;
import io.tcplens.tcp.TcpAnalyzer;
import io.tcplens.tcp.TcpListener;

import java.nio.file.Path;

/** Runs a capture through a TCP analyzer with the given listeners, as the commands do (test helper). */
public final class TestCaptures {
    private TestCaptures() {}

    /** Reads every frame of {@code capture} into a fresh analyzer, then finishes it. */
    public static void analyze(Path capture, TcpListener... listeners) throws Exception {
        TcpAnalyzer analyzer = new TcpAnalyzer();
        for (TcpListener l : listeners) analyzer.subscribe(l);
        try (CaptureReader r = CaptureReader.open(capture.toString())) {
            Frame f = new Frame();
            Packet p = new Packet();
            while (r.next(f)) {
                p.decode(f);
                analyzer.process(f, p);
            }
        }
        analyzer.finish();
    }
}
