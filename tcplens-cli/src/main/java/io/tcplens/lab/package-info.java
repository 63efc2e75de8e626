/**
 * The lab: classic TCP/HTTP experiments reproduced on loopback and captured live.
 *
 * <p>{@link io.tcplens.lab.LabServer} is a plain HTTP/1.1 server ({@code ServerSocket}, one
 * thread per connection, blocking I/O) so that every segment in a capture has an obvious cause;
 * {@link io.tcplens.lab.LabClient} is the matching socket client (curl optionally, for
 * {@code get --curl}). {@link io.tcplens.lab.Scenario} lists the experiments and what each
 * capture should show; {@link io.tcplens.lab.Lab#run} starts the server on an ephemeral port,
 * captures {@code tcp port N} on the loopback interface through libpcap, runs the client, waits
 * for the server, and stops the capture. {@link io.tcplens.lab.LabSettings} bounds every
 * timing against a range (refusing, never clamping, a value outside it) so a scenario ends
 * within its time limit; the seed scenarios replay the two seed articles as written.
 *
 * <p>{@code scripts/make-lab-captures.sh} regenerates the committed captures
 * {@code testdata/captures/lab-SCENARIO.pcap}.
 */
package io.tcplens.lab;
