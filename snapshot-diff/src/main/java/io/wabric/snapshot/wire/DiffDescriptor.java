package io.wabric.snapshot.wire;

/**
 * Layout of a diff frame: the changed byte runs that turn a base memory into a target memory. All fields are
 * little-endian; runs follow the header in ascending, non-overlapping, non-adjacent order; the CRC-32C trailer
 * covers every byte before it.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     Magic 0x46494457 "WDIF"                   |  0
 *  +-------------------------------+-------------------------------+
 *  |            Version            |           Flags (0)           |  4
 *  +-------------------------------+-------------------------------+
 *  |                  Frame Length (incl. trailer)                 |  8
 *  +---------------------------------------------------------------+
 *  |                   Base Pages (64 KiB pages)                   | 12
 *  +---------------------------------------------------------------+
 *  |                  Target Pages (>= Base Pages)                 | 16
 *  +---------------------------------------------------------------+
 *  |                           Run Count                           | 20
 *  +===============================================================+
 *  |                       Run Offset (bytes)                      | 24  run 0
 *  +---------------------------------------------------------------+
 *  |                       Run Length (> 0)                        | 28
 *  +---------------------------------------------------------------+
 *  |                   Run Data (Run Length bytes)               ...
 *  +===============================================================+
 *  |                         ... more runs ...                   ...
 *  +===============================================================+
 *  |             CRC-32C of bytes [0, Frame Length - 4)            |  trailer
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Runs are the exact changed bytes: a byte inside a run differs from the base (or is beyond it), which is what
 * lets several forks' diffs be merged byte by byte with real conflict detection. Version changes whenever the
 * layout does.
 */
public final class DiffDescriptor
{
    /** "WDIF" read as a little-endian int. */
    public static final int MAGIC = 0x46494457;
    /** The layout version written and the only one read. */
    public static final short VERSION = 1;

    /** Offset of the magic number. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the version. */
    public static final int VERSION_OFFSET = 4;
    /** Offset of the flags. */
    public static final int FLAGS_OFFSET = 6;
    /** Offset of the frame length. */
    public static final int FRAME_LENGTH_OFFSET = 8;
    /** Offset of the base page count. */
    public static final int BASE_PAGES_OFFSET = 12;
    /** Offset of the target page count. */
    public static final int TARGET_PAGES_OFFSET = 16;
    /** Offset of the run count. */
    public static final int RUN_COUNT_OFFSET = 20;
    /** Length of the header; the first run starts here. */
    public static final int HEADER_LENGTH = 24;

    /** Offset of a run's memory offset, from the run's start. */
    public static final int RUN_OFFSET_OFFSET = 0;
    /** Offset of a run's length, from the run's start. */
    public static final int RUN_LENGTH_OFFSET = 4;
    /** Length of a run header; the run's data follows it. */
    public static final int RUN_HEADER_LENGTH = 8;

    /** Length of the checksum trailer. */
    public static final int TRAILER_LENGTH = 4;
    /** The smallest frame: a header, no runs, a trailer. */
    public static final int MIN_FRAME_LENGTH = HEADER_LENGTH + TRAILER_LENGTH;

    private DiffDescriptor()
    {
    }
}
