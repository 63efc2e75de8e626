package io.tcplens.http;

import java.util.Locale;

/**
 * What a connection did about HTTP persistence: whether it was (meant to be) persistent, how many
 * requests it carried, whether each side honoured {@code Connection: close}, and how it ended:
 * who closed, with FIN or RST, how long after the last response, against the advertised
 * {@code Keep-Alive: timeout}.
 *
 * @param persistent            the last exchange's versions and Connection headers left the connection open
 *                              (HTTP/1.1 unless "close"; HTTP/1.0 only with "keep-alive" on both sides)
 * @param requests              requests seen
 * @param responses             final responses seen
 * @param clientSaidClose       some request carried {@code Connection: close}
 * @param serverSaidClose       some response carried {@code Connection: close}
 * @param closeExpected         some exchange ended the connection by its headers or versions (explicit or HTTP/1.0 default)
 * @param serverHonouredClose   when a close was expected: the server sent no further response and closed promptly (within 1 s,
 *                              or half the advertised timeout), not only when its idle timeout expired; null if not applicable
 * @param clientHonouredClose   when the server said close: the client sent no further request; null if not applicable
 * @param advertisedTimeoutSeconds Keep-Alive timeout of the last response that had one, or -1
 * @param advertisedMax         Keep-Alive max of the last response that had one, or -1
 * @param closer                who sent the first FIN or RST
 * @param closeKind             FIN or RST (NONE when the capture shows no close)
 * @param closeFrame            the frame of that FIN/RST, or -1
 * @param idleBeforeCloseMicros from the end of the last HTTP message to that FIN/RST; -1 if no close or it came earlier
 * @param idleAtEndMicros       with no close: from the end of the last HTTP message to the last packet; else -1
 * @param upgraded              the connection switched protocols (101) or became a CONNECT tunnel
 */
public record HttpPersistence(
        boolean persistent, int requests, int responses,
        boolean clientSaidClose, boolean serverSaidClose, boolean closeExpected,
        Boolean serverHonouredClose, Boolean clientHonouredClose,
        long advertisedTimeoutSeconds, long advertisedMax,
        Side closer, CloseKind closeKind, long closeFrame,
        long idleBeforeCloseMicros, long idleAtEndMicros,
        boolean upgraded) {

    public enum Side { CLIENT, SERVER, NONE }

    public enum CloseKind { FIN, RST, NONE }

    /** The server closed after an idle gap close to its advertised Keep-Alive timeout (within 1 s or 10%). */
    public Boolean idleCloseMatchesAdvertisedTimeout() {
        if (closer != Side.SERVER || advertisedTimeoutSeconds < 0 || idleBeforeCloseMicros < 0) return null;
        long adv = advertisedTimeoutSeconds * 1_000_000L;
        long tolerance = Math.max(1_000_000L, adv / 10);
        return Math.abs(idleBeforeCloseMicros - adv) <= tolerance;
    }

    /** One English sentence or two, e.g. "server closed (FIN) 6.0 s after the last response; it advertised Keep-Alive: timeout=6". */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(requests).append(requests == 1 ? " request" : " requests").append(", ")
          .append(persistent ? "persistent" : "not persistent");
        if (upgraded) sb.append(", switched protocols");
        sb.append(". ");
        if (closer == Side.NONE) {
            sb.append("No close in the capture");
            if (idleAtEndMicros >= 0) sb.append(String.format(Locale.ROOT, "; idle %.1f s after the last message", idleAtEndMicros / 1e6));
            sb.append('.');
        } else {
            sb.append(closer == Side.CLIENT ? "client" : "server").append(" closed (").append(closeKind).append(')');
            if (idleBeforeCloseMicros >= 0) {
                sb.append(String.format(Locale.ROOT, " %.1f s after the last response", idleBeforeCloseMicros / 1e6));
            } else {
                sb.append(" before the last response ended");
            }
            if (advertisedTimeoutSeconds >= 0) {
                sb.append("; it advertised Keep-Alive: timeout=").append(advertisedTimeoutSeconds);
            }
            sb.append('.');
        }
        if (serverHonouredClose != null) {
            sb.append(serverHonouredClose ? " The server honoured Connection: close." : " The server did not honour Connection: close.");
        }
        if (clientHonouredClose != null && !clientHonouredClose) sb.append(" The client sent requests after the server said close.");
        return sb.toString();
    }
}
