package io.tcplens.lab;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * One step of the lab's server or client, for the program log: when it happened and what it
 * was, in English and in Chinese.
 *
 * <p>{@code at} is taken where the step is known to come before what it causes: a send is stamped
 * before the write() call and a receive after the read() returns, so the log can never show the
 * server answering a request before the client sent it (stamping both after their calls did: the
 * server could answer before the client's write() returned).
 *
 * @param server true for the server's steps, false for the client's
 */
public record LabNote(Instant at, boolean server, String en, String zh) {

    /** "02:34:50.111334 client: sent ..." or, in Chinese, "02:34:50.111334 客户端：发送了 ...". */
    public String line(boolean chinese) {
        LocalTime t = LocalTime.ofInstant(at, ZoneId.systemDefault());
        String time = String.format("%02d:%02d:%02d.%06d", t.getHour(), t.getMinute(), t.getSecond(), at.getNano() / 1000);
        return chinese ? time + " " + (server ? "服务器" : "客户端") + "：" + zh
                : time + " " + (server ? "server" : "client") + ": " + en;
    }
}
