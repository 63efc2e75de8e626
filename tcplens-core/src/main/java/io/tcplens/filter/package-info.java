/**
 * tcpdump's filter language (pcap-filter(7)), selecting exactly the packets tcpdump 4.99.3 /
 * libpcap 1.10.3 select when reading a capture file.
 *
 * <p>Entry point: {@link io.tcplens.filter.FilterCompiler#compile(String, int)}. The pipeline
 * mirrors libpcap:
 * <ol>
 *   <li>{@code Lexer}: flex's rules (longest match, keyword priority, "1000-2000" is one name,
 *       {@code tcp-syn} is a number, hex/octal numbers, IPv6 and MAC literals).</li>
 *   <li>{@code Parser}: grammar.y by recursive descent with backtracking: and/or of equal
 *       precedence, implied qualifiers after and/or, '%' and '^' without precedence.</li>
 *   <li>{@code CodeGen}: gencode.c's tests on raw offsets for the link type (Ethernet, SLL, SLL2,
 *       NULL, LOOP, RAW, IPv4, IPv6, PPP), with 'vlan'/'mpls'/'pppoes' shifting the offsets of
 *       everything generated after them, and the optimizer effects that change results (constant
 *       folding, dead loads, wrapped constant indexes, "expression rejects all packets").</li>
 *   <li>{@code Eval}: an evaluator tree with BPF semantics (unsigned 32-bit arithmetic, an
 *       out-of-bounds load or a division by zero rejects the packet whatever surrounds it), which
 *       {@code BytecodeGen} turns into one hidden-class method for speed
 *       ({@code -Dtcplens.filter.tree=true} keeps the tree).</li>
 * </ol>
 *
 * <p>Differences from libpcap, all reported as errors rather than silently differing: host names
 * come from /etc/hosts only (no DNS), network names are not looked up, and 'protochain',
 * 'geneve', 'byte N &amp;/| V', 802.11, ATM, MTP, OSI/IS-IS, DECnet and LLC primitives are not
 * implemented. For LINKTYPE_NULL the address family is accepted in either byte order unless the
 * file's byte order is passed. libpcap's "expression rejects all packets" is detected for the
 * common cases (contradictory tests of the same field), not for every program its optimizer
 * proves empty.
 */
package io.tcplens.filter;
