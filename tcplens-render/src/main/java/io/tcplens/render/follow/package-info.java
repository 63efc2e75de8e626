/**
 * {@code tshark -q -z follow,tcp,MODE,N} output (ascii, hex, raw), byte for byte: feed a
 * {@link io.tcplens.reassembly.TsharkFollow} the stream's packets and call
 * {@link io.tcplens.render.follow.FollowRenderer#render}.
 */
package io.tcplens.render.follow;
