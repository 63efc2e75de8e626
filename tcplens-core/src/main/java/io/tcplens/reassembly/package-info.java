/**
 * TCP stream reassembly. {@link io.tcplens.reassembly.StreamReassembler}: one direction in
 * sequence order for parsers (retransmissions and overlaps dropped, out-of-order data held
 * under a cap, holes reported as gaps). {@link io.tcplens.reassembly.TsharkFollow}: Wireshark
 * 4.0's own "Follow TCP Stream" chunking, for output identical to tshark's.
 */
package io.tcplens.reassembly;
