package io.tcplens.bench;

import io.tcplens.capture.Frame;
import io.tcplens.conn.LifecycleTracker;
import io.tcplens.decode.Packet;
import io.tcplens.http.HttpConnectionAnalyzer;
import io.tcplens.http.HttpTracker;
import io.tcplens.render.conns.ConnsWriter;
import io.tcplens.tcp.TcpAnalyzer;
import io.tcplens.tcp.TcpListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's stages, one after another, per packet, on {@link SyntheticCapture} (10,000
 * connections, 110,000 frames, in memory): decoding alone; decoding and the TCP analyzer; then the
 * lifecycle and the JSON rows of {@code conns --no-http}; then HTTP as well, as {@code conns} does
 * it, in line. The difference between two benchmarks is what a stage costs once compiled: the
 * steady state that scripts/bench.sh cannot show apart from start-up and JIT time.
 *
 * <pre>
 * ./mvnw -q -B -pl tcplens-bench -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED -jar tcplens-bench/target/benchmarks.jar
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC", "-Xmn240m"})
@State(Scope.Benchmark)
public class PipelineBenchmark {
    static final int CONNECTIONS = 10_000;
    static final int FRAMES = CONNECTIONS * SyntheticCapture.FRAMES_PER_CONNECTION;

    private List<Frame> frames;
    private final Packet packet = new Packet();

    @Setup
    public void setUp() {
        frames = SyntheticCapture.frames(CONNECTIONS);
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void decode(Blackhole bh) {
        for (Frame f : frames) {
            packet.decode(f);
            bh.consume(packet.tcpFlags());
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long analyze() {
        return run();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long connsNoHttp() {
        try (ConnsWriter w = ConnsWriter.of(ConnsWriter.Format.JSON, OutputStream.nullOutputStream())) {
            return run(new LifecycleTracker(w::write).withoutStory());
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long conns() {
        try (ConnsWriter w = ConnsWriter.of(ConnsWriter.Format.JSON, OutputStream.nullOutputStream())) {
            HttpTracker http = new HttpTracker(HttpConnectionAnalyzer.Settings.FACTS_ONLY);
            return run(http, new LifecycleTracker(w::write).withoutStory().withHttp(http));
        }
    }

    /** Every frame through a fresh analyzer (compact tombstones, as conns runs it) with these listeners. */
    private long run(TcpListener... listeners) {
        TcpAnalyzer a = new TcpAnalyzer(TcpAnalyzer.DEFAULT_TIME_WAIT_NANOS, TcpAnalyzer.DEFAULT_IDLE_NANOS, true);
        for (TcpListener l : listeners) a.subscribe(l);
        long sum = 0;
        for (Frame f : frames) {
            packet.decode(f);
            var s = a.process(f, packet);
            if (s != null) sum += s.stream;
        }
        a.finish();
        return sum;
    }
}
