package io.tcplens.http;

/** Something in the byte stream that is not well-formed HTTP/1.x, or could not be followed. */
public record HttpProblem(Kind kind, boolean fromClient, long frame, String detail) {
    public enum Kind {
        /** The stream does not start with an HTTP request or status line. */
        NOT_HTTP,
        /** A start line that is not {@code METHOD SP target SP HTTP/x.y} or {@code HTTP/x.y SP 3DIGIT ...}. */
        MALFORMED_START_LINE,
        /** A header line without a valid field name and colon (the line is skipped). */
        MALFORMED_HEADER,
        /** The header section exceeded the size limit. */
        HEADER_TOO_LARGE,
        /** The header section exceeded the field-count limit. */
        TOO_MANY_HEADERS,
        /** An unparseable or conflicting Content-Length. */
        BAD_CONTENT_LENGTH,
        /** A malformed chunk-size line or chunk terminator. */
        BAD_CHUNK,
        /** Bytes missing from the capture where the framing cannot be skipped; parsing resumes at the next message start. */
        GAP_LOST_SYNC,
        /** The capture ended inside a message. */
        INCOMPLETE_MESSAGE,
        /** A response with no request to pair it with. */
        UNMATCHED_RESPONSE,
        /** More requests waiting for responses than are kept (the later ones are counted; pairing stays by order). */
        PIPELINE_TOO_DEEP,
        /** Data after a message that announced the end of the connection. */
        DATA_AFTER_CLOSE
    }
}
