package io.tcplens.cli;

import io.tcplens.decode.Packet;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Frames the analysers could not look into, counted by reason and said once on stderr at the
 * end of a run ("3 frames not analysed: nesting deeper than 64"), so a connection inside them
 * does not vanish silently. Per frame this is one comparison of the decoder's problem code.
 */
final class UnanalysedFrames {
    private long tooDeep, tooManyVlanTags;
    /** Frames by link type not decoded (a pcapng file may mix them; few distinct values). */
    private final Map<Integer, Long> unknownLink = new TreeMap<>();

    /** Looks at a decoded frame. */
    void count(Packet p) {
        int problem = p.problem();
        if (problem < Packet.PROBLEM_UNSUPPORTED_LINK) return;          // the common case: nothing to count
        switch (problem) {
            case Packet.PROBLEM_TOO_DEEP -> tooDeep++;
            case Packet.PROBLEM_TOO_MANY_VLAN_TAGS -> tooManyVlanTags++;
            case Packet.PROBLEM_UNSUPPORTED_LINK -> unknownLink.merge(p.linkType(), 1L, Long::sum);
            default -> { }
        }
    }

    /** One line per reason, if any frame was left out. */
    void report(PrintStream err) {
        if (tooDeep > 0) err.println("tcplens: " + frames(tooDeep) + " not analysed: nesting deeper than " + Packet.MAX_DEPTH);
        if (tooManyVlanTags > 0) {
            err.println("tcplens: " + frames(tooManyVlanTags) + " not analysed: more than " + Packet.MAX_VLAN_TAGS
                    + " VLAN tags (tshark decodes no more either)");
        }
        for (var e : unknownLink.entrySet()) {
            // named as libpcap names it when it has a name ("105 (IEEE802_11, 802.11)"), else the number alone
            String name = io.tcplens.capture.LinkType.dltName(e.getKey());
            err.println("tcplens: " + frames(e.getValue()) + " not analysed: unknown link type " + e.getKey()
                    + (name.startsWith("DLT_") ? "" : " (" + name + ", " + io.tcplens.capture.LinkType.description(e.getKey()) + ")"));
        }
    }

    private static String frames(long n) { return n + (n == 1 ? " frame" : " frames"); }
}
