package io.tcplens.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Connection tokens and Keep-Alive parameters, read in place from the header values. */
class HttpMessageHeadersTest {

    static HttpMessage response(int minor, String... headers) {
        List<HttpHeader> hs = new java.util.ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) hs.add(new HttpHeader(headers[i], headers[i + 1]));
        return new HttpMessage(false, null, null, 1, minor, 200, "OK", hs, List.of(), HttpMessage.Framing.NONE,
                0, 0, 0, 0, 0, true, 1, 1, 1, 1, 1, 1);
    }

    @Test
    void connectionTokensIgnoreCaseWhitespaceAndOtherTokens() {
        assertThat(response(1, "Connection", "Keep-Alive, Upgrade").connectionKeepAlive()).isTrue();
        assertThat(response(1, "connection", " upgrade ,\tCLOSE ").connectionClose()).isTrue();
        assertThat(response(1, "Connection", "closed").connectionClose()).isFalse();
        assertThat(response(1, "Connection", "x-close").connectionClose()).isFalse();
        assertThat(response(1, "Connection", "").connectionClose()).isFalse();
        assertThat(response(1, "Connection", "keep-alive", "Connection", "close").connectionClose()).isTrue();
        assertThat(response(0, "Connection", "keep-alive").wantsPersistence()).isTrue();
        assertThat(response(0).wantsPersistence()).isFalse();
        assertThat(response(1).wantsPersistence()).isTrue();
        assertThat(response(1, "Connection", "close").wantsPersistence()).isFalse();
    }

    @Test
    void keepAliveParametersAreReadWhereverTheyStand() {
        HttpMessage m = response(1, "Keep-Alive", "timeout=5, max=100");
        assertThat(m.keepAliveTimeout()).isEqualTo(5);
        assertThat(m.keepAliveMax()).isEqualTo(100);
        assertThat(response(1, "keep-alive", " MAX = 7 ,TIMEOUT=\"60\"").keepAliveTimeout()).isEqualTo(60);
        assertThat(response(1, "Keep-Alive", "timeout=abc").keepAliveTimeout()).isEqualTo(-1);
        assertThat(response(1, "Keep-Alive", "timeouts=5").keepAliveTimeout()).isEqualTo(-1);
        assertThat(response(1, "Keep-Alive", "timeout=").keepAliveTimeout()).isEqualTo(-1);
        assertThat(response(1, "Keep-Alive", "timeout=99999999999999999999").keepAliveTimeout()).isEqualTo(-1);
        assertThat(response(1).keepAliveTimeout()).isEqualTo(-1);
    }
}
