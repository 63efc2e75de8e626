package io.tcplens.render.ladder;

/** Escaping for text that goes into XML/HTML text and attribute values. */
public final class Xml {
    private Xml() {}

    /**
     * Escapes {@code & < > " '} and replaces characters XML cannot carry (C0 controls other than
     * tab/newline, lone surrogates, U+FFFE/U+FFFF) with U+FFFD. Safe in element text and in quoted
     * attribute values, in XML and in HTML.
     */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> {
                    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F || c == 0xFFFE || c == 0xFFFF) yield "\uFFFD";
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) yield null;
                    if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1))) yield null;
                    if (Character.isSurrogate(c)) yield "\uFFFD";
                    yield null;
                }
            };
            if (rep != null) {
                if (b == null) b = new StringBuilder(n + 16).append(s, 0, i);
                b.append(rep);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
