package io.tcplens.conn;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Hand-worked Zeek histories and states, following Zeek's rules (shared/reference/zeek-conn.md). */
class ZeekConnTest {
    static final int F = 0x01, S = 0x02, R = 0x04, P = 0x08, A = 0x10;
    static final long C_ISN = 1000, S_ISN = 5000;

    /** Client is endpoint 0 (port 40000), server endpoint 1 (port 80) unless the test says otherwise. */
    private static ZeekConn conn(int firstFlags) { return new ZeekConn(firstFlags, 40000, 80); }

    @Test
    void normalConnectionIsSfWithByteCountsFromSequenceNumbers() {
        ZeekConn z = conn(S);
        z.packet(0, S, C_ISN, 0, 0, 64240, 60, 0);
        z.packet(1, S | A, S_ISN, C_ISN + 1, 0, 65160, 60, 1000);
        z.packet(0, A, C_ISN + 1, S_ISN + 1, 0, 502, 52, 2000);
        z.packet(0, P | A, C_ISN + 1, S_ISN + 1, 100, 502, 152, 3000);
        z.packet(1, A, S_ISN + 1, C_ISN + 101, 0, 509, 52, 4000);
        z.packet(1, P | A, S_ISN + 1, C_ISN + 101, 300, 509, 352, 5000);
        z.packet(0, A, C_ISN + 101, S_ISN + 301, 0, 500, 52, 6000);
        z.packet(0, F | A, C_ISN + 101, S_ISN + 301, 0, 500, 52, 7000);
        z.packet(1, F | A, S_ISN + 301, C_ISN + 102, 0, 509, 52, 8000);
        z.packet(0, A, C_ISN + 102, S_ISN + 302, 0, 500, 52, 9000);
        assertThat(z.history()).isEqualTo("ShADadFf");
        assertThat(z.connState()).isEqualTo("SF");
        assertThat(z.originator()).isZero();
        assertThat(z.bytes(0)).isEqualTo(100);
        assertThat(z.bytes(1)).isEqualTo(300);
        // the final ACK after both FINs does not extend the duration
        assertThat(z.durationMicros()).isEqualTo(8000);
        assertThat(z.packets(0)).isEqualTo(6);
        assertThat(z.ipBytes(1)).isEqualTo(60 + 52 + 352 + 52);
    }

    @Test
    void synAnsweredByResetIsRej() {
        ZeekConn z = conn(S);
        z.packet(0, S, C_ISN, 0, 0, 64240, 60, 0);
        z.packet(1, R | A, 0, C_ISN + 1, 0, 0, 40, 10);
        assertThat(z.history()).isEqualTo("Sr");
        assertThat(z.connState()).isEqualTo("REJ");
    }

    @Test
    void unansweredSynRetransmissionsAddNothingAndAreS0() {
        ZeekConn z = conn(S);
        z.packet(0, S, C_ISN, 0, 0, 64240, 60, 0);
        z.packet(0, S, C_ISN, 0, 0, 64240, 60, 1_000_000);
        z.packet(0, S, C_ISN, 0, 0, 64240, 60, 3_000_000);
        assertThat(z.history()).isEqualTo("S");
        assertThat(z.connState()).isEqualTo("S0");
        // a SYN with a new ISN is recorded again
        z.packet(0, S, C_ISN + 7777, 0, 0, 64240, 60, 4_000_000);
        assertThat(z.history()).isEqualTo("SS");
    }

    @Test
    void originatorAbortIsRsto() {
        ZeekConn z = conn(S);
        z.packet(0, S, C_ISN, 0, 0, 64240, 60, 0);
        z.packet(1, S | A, S_ISN, C_ISN + 1, 0, 65160, 60, 1);
        z.packet(0, A, C_ISN + 1, S_ISN + 1, 0, 502, 52, 2);
        z.packet(0, P | A, C_ISN + 1, S_ISN + 1, 10, 502, 62, 3);
        z.packet(1, A, S_ISN + 1, C_ISN + 11, 0, 509, 52, 4);
        z.packet(1, P | A, S_ISN + 1, C_ISN + 11, 10, 509, 62, 5);
        z.packet(0, R | A, C_ISN + 11, S_ISN + 11, 0, 0, 40, 6);
        assertThat(z.history()).isEqualTo("ShADadR");
        assertThat(z.connState()).isEqualTo("RSTO");
    }

    @Test
    void retransmissionAndZeroWindowLettersAreLogarithmic() {
        ZeekConn z = conn(S);
        z.packet(0, S, C_ISN, 0, 0, 64240, 60, 0);
        z.packet(1, S | A, S_ISN, C_ISN + 1, 0, 65160, 60, 1);
        z.packet(0, A, C_ISN + 1, S_ISN + 1, 0, 502, 52, 2);
        for (int i = 0; i < 12; i++) {
            z.packet(0, P | A, C_ISN + 1, S_ISN + 1, 10, 502, 62, 3 + i); // same segment again and again
        }
        z.packet(1, A, S_ISN + 1, C_ISN + 11, 0, 0, 52, 20);
        assertThat(z.history()).isEqualTo("ShADTTaw");
    }

    @Test
    void connectionStartingWithSynAckIsFlippedAtTheFirstAck() {
        ZeekConn z = new ZeekConn(S | A, 5000, 6000);
        z.packet(0, S | A, S_ISN, C_ISN + 1, 0, 65160, 60, 0);
        z.packet(1, A, C_ISN + 1, S_ISN + 1, 0, 502, 52, 1);
        z.packet(1, P | A, C_ISN + 1, S_ISN + 1, 5, 502, 57, 2);
        assertThat(z.history()).isEqualTo("^hAD");
        assertThat(z.originator()).isEqualTo(1);
    }

    @Test
    void midstreamTrafficFromALikelyServerPortMakesTheOtherSideTheOriginator() {
        ZeekConn z = new ZeekConn(P | A, 80, 40000);
        assertThat(z.originator()).isEqualTo(1);
        z.packet(0, P | A, S_ISN, C_ISN, 100, 509, 152, 0);
        z.packet(1, A, C_ISN, S_ISN + 100, 0, 502, 52, 1);
        z.packet(1, F | A, C_ISN, S_ISN + 100, 0, 502, 52, 2);
        z.packet(0, F | A, S_ISN + 100, C_ISN + 1, 0, 509, 52, 3);
        assertThat(z.history()).isEqualTo("dAFf");
        assertThat(z.connState()).isEqualTo("SF");
        assertThat(z.bytes(0)).isEqualTo(100);
    }

    @Test
    void synThenFinWithoutAnswerIsShAndSynThenResetWithoutAnswerIsRstos0() {
        ZeekConn z = conn(S);
        z.packet(0, S, C_ISN, 0, 0, 64240, 60, 0);
        z.packet(0, F | A, C_ISN + 1, 0, 0, 64240, 52, 1);
        assertThat(z.connState()).isEqualTo("SH");
        ZeekConn r = conn(S);
        r.packet(0, S, C_ISN, 0, 0, 64240, 60, 0);
        r.packet(0, R, C_ISN + 1, 0, 0, 0, 40, 1);
        assertThat(r.history()).isEqualTo("SR");
        assertThat(r.connState()).isEqualTo("RSTOS0");
    }

    @Test
    void finAndResetTogetherAreI() {
        ZeekConn z = conn(S);
        z.packet(0, S, C_ISN, 0, 0, 64240, 60, 0);
        z.packet(1, S | A, S_ISN, C_ISN + 1, 0, 65160, 60, 1);
        z.packet(0, F | R | A, C_ISN + 1, S_ISN + 1, 0, 0, 40, 2);
        assertThat(z.history()).isEqualTo("ShI");
    }
}
