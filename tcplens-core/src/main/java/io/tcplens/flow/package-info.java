/**
 * Flow bookkeeping: {@link io.tcplens.flow.FlowTable}, a primitive-keyed open-addressing hash
 * from a direction-independent 4-tuple (IPv4 or IPv6) to a connection, with no per-packet
 * allocation.
 */
package io.tcplens.flow;
