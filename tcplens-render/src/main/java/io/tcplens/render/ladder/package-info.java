/**
 * Ladder diagrams of one TCP connection: two lifelines (client, server), one arrow per packet,
 * each endpoint's RFC 9293 state where it changes, Wireshark analysis labels on the arrows.
 *
 * <p>Input: {@link io.tcplens.render.ladder.LadderConnection} holding
 * {@link io.tcplens.render.ladder.LadderPacket}s (the integrator adapts the engine's per-packet
 * events to these records). Entry points:
 * <ul>
 *   <li>{@link io.tcplens.render.ladder.LadderRenderer#renderText} — terminal, ASCII or Unicode,
 *       fitted to a width, long repetitive runs folded (bulk data, keep-alive probe/ACK pairs,
 *       identical repeats) unless {@link io.tcplens.render.ladder.LadderStyle#unfolded()};</li>
 *   <li>{@link io.tcplens.render.ladder.LadderSvg#render} — a standalone SVG figure (or an
 *       inline fragment for the HTML report).</li>
 * </ul>
 * Output is deterministic; goldens live in {@code testdata/golden/ladder/} and are regenerated
 * with {@code -Dtcplens.updateGoldens=true}.
 */
package io.tcplens.render.ladder;
