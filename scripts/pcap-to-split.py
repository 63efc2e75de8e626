#!/usr/bin/env python3
"""Writes a classic pcap in PipelineFuzzTest's split format (docs/FUZZING.md), for committing a
capture as a regression input of the pipeline fuzz test.

    scripts/pcap-to-split.py IN.pcap OUT [MAX_BYTES]

Format: one byte selecting the link type (index into PipelineFuzzTest.LINK_TYPES), then packets
separated by b"\\x01PKT", each a big-endian u16 time step (ms; top bit set: seconds) and the frame."""
import struct, sys

LINK_TYPES = [1, 101, 0, 113, 276, 108, 228, 229, 9, 239]
MARKER = b"\x01PKT"

def main():
    src, dst = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 60000
    data = open(src, "rb").read()
    magic = data[:4]
    endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack(endian + "I", data[20:24])[0] & 0xFFFF
    out = bytearray([LINK_TYPES.index(linktype)])
    pos, last, first = 24, None, True
    while pos + 16 <= len(data):
        sec, frac, caplen, _ = struct.unpack(endian + "IIII", data[pos:pos + 16])
        frame = data[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen
        t = sec * 1_000_000 + (frac // 1000 if nano else frac)
        if len(out) + len(frame) + 6 > limit:
            break
        d = 0 if last is None else max(0, t - last)
        last = t
        step = 0x8000 | min(0x7FFF, d // 1_000_000) if d >= 32_000_000 else d // 1000
        if not first:
            out += MARKER
        first = False
        out += struct.pack(">H", step) + frame
    open(dst, "wb").write(out)

main()
