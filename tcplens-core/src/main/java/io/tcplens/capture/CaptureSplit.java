package io.tcplens.capture;

import java.io.Serializable;

/**
 * A byte range {@code [start, end)} of one capture file, planned by {@link CaptureSplits#plan}: the
 * split owns the records (pcap record headers, pcapng blocks) that start in it. {@code wholeFile}
 * splits (gzip, small files, files that cannot be split or read) are read from the file's start to
 * its end by one ordinary reader; their {@code end} is the file's size and means nothing more.
 *
 * @param file      the path, as named (also the name in messages)
 * @param fileIndex the file's position among the files named (the merge's tie-break)
 * @param index     0-based position of this split in its file
 * @param count     how many splits the file has
 * @param fileSize  the file's size in bytes (-1 when it could not be read)
 */
public record CaptureSplit(String file, int fileIndex, int index, int count, long start, long end,
                           long fileSize, boolean wholeFile) implements Serializable {
}
