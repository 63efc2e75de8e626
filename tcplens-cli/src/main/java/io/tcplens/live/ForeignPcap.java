package io.tcplens.live;

import io.tcplens.capture.Frame;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * libpcap through {@code java.lang.foreign}: one downcall handle per function, the structs
 * read at their LP64 offsets (Linux and the BSDs on 64-bit; that is where tcplens captures).
 */
final class ForeignPcap implements Pcap {
    /** Tried in order when no library is configured; the .so dev symlink is often missing. */
    static final List<String> CANDIDATES = List.of("libpcap.so", "libpcap.so.1", "libpcap.so.0.8",
            "libpcap.so.1.10.3", "libpcap.dylib", "libpcap.A.dylib");

    private static final int ERRBUF_SIZE = 256;                 // PCAP_ERRBUF_SIZE
    private static final int NETMASK_UNKNOWN = 0xFFFFFFFF;      // PCAP_NETMASK_UNKNOWN
    private static final int TSTAMP_PRECISION_NANO = 1;
    private static final int CHAR_ENC_UTF_8 = 1;

    // pcap_activate's results (pcap/pcap.h)
    static final int ERROR_NO_SUCH_DEVICE = -5;
    static final int ERROR_PERM_DENIED = -8;
    static final int ERROR_IFACE_NOT_UP = -9;
    static final int ERROR_PROMISC_PERM_DENIED = -11;

    private static final ConcurrentHashMap<String, ForeignPcap> LOADED = new ConcurrentHashMap<>();

    private final String libraryName;
    private final MethodHandle findalldevs, freealldevs, create, setSnaplen, setPromisc, setTimeout,
            setImmediate, setTstampPrecision, activate, datalink, datalinkName, datalinkDescription,
            compile, setfilter, freecode, nextEx, breakloop, stats, geterr, close, libVersion, statustostr;

    private ForeignPcap(String libraryName, SymbolLookup lib) {
        this.libraryName = libraryName;
        Linker linker = Linker.nativeLinker();
        findalldevs = handle(linker, lib, "pcap_findalldevs", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        freealldevs = handle(linker, lib, "pcap_freealldevs", FunctionDescriptor.ofVoid(ADDRESS));
        create = handle(linker, lib, "pcap_create", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        setSnaplen = handle(linker, lib, "pcap_set_snaplen", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        setPromisc = handle(linker, lib, "pcap_set_promisc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        setTimeout = handle(linker, lib, "pcap_set_timeout", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        setImmediate = handle(linker, lib, "pcap_set_immediate_mode", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        setTstampPrecision = optionalHandle(linker, lib, "pcap_set_tstamp_precision",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        activate = handle(linker, lib, "pcap_activate", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        datalink = handle(linker, lib, "pcap_datalink", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        datalinkName = handle(linker, lib, "pcap_datalink_val_to_name", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        datalinkDescription = handle(linker, lib, "pcap_datalink_val_to_description", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        compile = handle(linker, lib, "pcap_compile",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));
        setfilter = handle(linker, lib, "pcap_setfilter", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        freecode = handle(linker, lib, "pcap_freecode", FunctionDescriptor.ofVoid(ADDRESS));
        nextEx = handle(linker, lib, "pcap_next_ex", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        breakloop = handle(linker, lib, "pcap_breakloop", FunctionDescriptor.ofVoid(ADDRESS));
        stats = handle(linker, lib, "pcap_stats", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        geterr = handle(linker, lib, "pcap_geterr", FunctionDescriptor.of(ADDRESS, ADDRESS));
        close = handle(linker, lib, "pcap_close", FunctionDescriptor.ofVoid(ADDRESS));
        libVersion = handle(linker, lib, "pcap_lib_version", FunctionDescriptor.of(ADDRESS));
        statustostr = handle(linker, lib, "pcap_statustostr", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        // libpcap 1.10 wants pcap_init before use to get UTF-8 error strings; older ones lack it.
        MethodHandle init = optionalHandle(linker, lib, "pcap_init", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        if (init != null) {
            try (Arena a = Arena.ofConfined()) {
                int ignored = (int) init.invokeExact(CHAR_ENC_UTF_8, a.allocate(ERRBUF_SIZE));
            } catch (Throwable t) {
                // Not fatal: libpcap then uses its defaults.
            }
        }
    }

    static ForeignPcap load(String configured) throws PcapUnavailableException {
        List<String> names = configured != null && !configured.isBlank() ? List.of(configured) : CANDIDATES;
        StringBuilder tried = new StringBuilder();
        for (String name : names) {
            ForeignPcap p = LOADED.get(name);
            if (p != null) return p;
            SymbolLookup lib;
            try {
                lib = SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException | IllegalCallerException e) {
                if (!tried.isEmpty()) tried.append(", ");
                tried.append(name);
                continue;
            }
            try {
                p = new ForeignPcap(name, lib);
            } catch (RuntimeException e) {
                throw new PcapUnavailableException("tcplens: " + name + " is not a usable libpcap: " + e.getMessage());
            }
            LOADED.putIfAbsent(name, p);
            return LOADED.get(name);
        }
        throw new PcapUnavailableException("tcplens: cannot load libpcap (tried " + tried + ")");
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
        MemorySegment sym = lib.find(name).orElseThrow(() -> new IllegalStateException("missing symbol " + name));
        return linker.downcallHandle(sym, fd);
    }

    private static MethodHandle optionalHandle(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
        Optional<MemorySegment> sym = lib.find(name);
        return sym.map(s -> linker.downcallHandle(s, fd)).orElse(null);
    }

    String libraryName() { return libraryName; }

    static String cString(MemorySegment p) {
        if (p == null || p.equals(MemorySegment.NULL)) return null;
        return p.reinterpret(Integer.MAX_VALUE).getString(0);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    @Override
    public String libraryVersion() {
        try {
            return cString((MemorySegment) libVersion.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private String statusString(int status) {
        try {
            return cString((MemorySegment) statustostr.invokeExact(status));
        } catch (Throwable t) {
            return "error " + status;
        }
    }

    @Override
    public List<PcapDevice> devices() throws PcapException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment listPtr = a.allocate(ADDRESS);
            MemorySegment errbuf = a.allocate(ERRBUF_SIZE);
            int rc = (int) findalldevs.invokeExact(listPtr, errbuf);
            if (rc != 0) throw new PcapException(PcapException.Kind.OTHER, "pcap_findalldevs: " + errbuf.getString(0));
            MemorySegment head = listPtr.get(ADDRESS, 0);
            List<PcapDevice> out = new ArrayList<>();
            // struct pcap_if { pcap_if *next; char *name; char *description; pcap_addr *addresses; bpf_u_int32 flags; }
            for (MemorySegment p = head; !p.equals(MemorySegment.NULL); ) {
                MemorySegment ifc = p.reinterpret(40);
                out.add(new PcapDevice(cString(ifc.get(ADDRESS, 8)), cString(ifc.get(ADDRESS, 16)), ifc.get(JAVA_INT, 32)));
                p = ifc.get(ADDRESS, 0);
            }
            if (!head.equals(MemorySegment.NULL)) freealldevs.invokeExact(head);
            return out;
        } catch (PcapException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public LiveSource open(String device, LiveOptions options) throws PcapException {
        Arena arena = Arena.ofShared();
        MemorySegment handle = MemorySegment.NULL;
        try {
            MemorySegment errbuf = arena.allocate(ERRBUF_SIZE);
            handle = (MemorySegment) create.invokeExact(arena.allocateFrom(device), errbuf);
            if (handle.equals(MemorySegment.NULL)) {
                throw new PcapException(PcapException.Kind.OTHER, device + ": " + errbuf.getString(0));
            }
            int ignored;
            ignored = (int) setSnaplen.invokeExact(handle, options.snaplen());
            ignored = (int) setPromisc.invokeExact(handle, options.promiscuous() ? 1 : 0);
            ignored = (int) setTimeout.invokeExact(handle, options.timeoutMillis());
            ignored = (int) setImmediate.invokeExact(handle, options.immediate() ? 1 : 0);
            boolean nanos = false;
            if (options.nanos() && setTstampPrecision != null) {
                nanos = (int) setTstampPrecision.invokeExact(handle, TSTAMP_PRECISION_NANO) == 0;
            }
            int rc = (int) activate.invokeExact(handle);
            if (rc < 0) {
                String err = errorText(handle);
                String status = statusString(rc);
                String detail = err == null || err.isEmpty() ? status : err;
                PcapException.Kind kind = switch (rc) {
                    case ERROR_PERM_DENIED, ERROR_PROMISC_PERM_DENIED -> PcapException.Kind.PERMISSION;
                    case ERROR_NO_SUCH_DEVICE, ERROR_IFACE_NOT_UP -> PcapException.Kind.NO_SUCH_DEVICE;
                    default -> PcapException.Kind.OTHER;
                };
                String msg = switch (kind) {
                    case PERMISSION -> "tcplens: " + device + ": You don't have permission to capture on that device ("
                            + detail + ")";
                    case NO_SUCH_DEVICE -> "tcplens: " + device + ": " + detail
                            + " (tcplens capture -D lists the interfaces)";
                    default -> "tcplens: " + device + ": " + detail;
                };
                close.invokeExact(handle);
                handle = MemorySegment.NULL;
                throw new PcapException(kind, msg);
            }
            // rc > 0 is a warning (e.g. promiscuous mode not supported): capture works anyway.
            int dlt = (int) datalink.invokeExact(handle);
            String name = cString((MemorySegment) datalinkName.invokeExact(dlt));
            String desc = cString((MemorySegment) datalinkDescription.invokeExact(dlt));
            return new Source(arena, handle, device, dlt, name, desc, options.snaplen(), nanos,
                    rc > 0 ? statusString(rc) + ": " + errorText(handle) : null);
        } catch (PcapException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            try {
                if (!handle.equals(MemorySegment.NULL)) close.invokeExact(handle);
            } catch (Throwable ignored) { }
            arena.close();
            throw rethrow(t);
        }
    }

    private String errorText(MemorySegment handle) {
        try {
            return cString((MemorySegment) geterr.invokeExact(handle));
        } catch (Throwable t) {
            return null;
        }
    }

    /** An activated handle. */
    final class Source implements LiveSource {
        private final Arena arena;
        private final MemorySegment handle;
        private final String device;
        private final int linkType;
        private final String linkName;
        private final String linkDescription;
        private final int snaplen;
        private final boolean nanos;
        private final String warning;
        private final MemorySegment headerPtr;
        private final MemorySegment dataPtr;
        private final Object lock = new Object();
        private boolean closed;
        private byte[] buffer = new byte[2048];

        Source(Arena arena, MemorySegment handle, String device, int linkType, String linkName, String linkDescription,
               int snaplen, boolean nanos, String warning) {
            this.arena = arena;
            this.handle = handle;
            this.device = device;
            this.linkType = linkType;
            this.linkName = linkName != null ? linkName : "DLT_" + linkType;
            this.linkDescription = linkDescription != null ? linkDescription : "unknown";
            this.snaplen = snaplen;
            this.nanos = nanos;
            this.warning = warning;
            this.headerPtr = arena.allocate(ADDRESS);
            this.dataPtr = arena.allocate(ADDRESS);
        }

        @Override public String device() { return device; }
        @Override public int linkType() { return linkType; }
        @Override public String linkTypeName() { return linkName; }
        @Override public String linkTypeDescription() { return linkDescription; }
        @Override public int snaplen() { return snaplen; }
        @Override public boolean nanos() { return nanos; }

        /** pcap_activate's warning, if it gave one. */
        String warning() { return warning; }

        @Override
        public void setFilter(String expression) throws PcapException {
            try (Arena a = Arena.ofConfined()) {
                // struct bpf_program { u_int bf_len; struct bpf_insn *bf_insns; }
                MemorySegment prog = a.allocate(16, 8);
                int rc = (int) compile.invokeExact(handle, prog, a.allocateFrom(expression), 1, NETMASK_UNKNOWN);
                if (rc != 0) {
                    throw new PcapException(PcapException.Kind.FILTER, "tcplens: bad filter expression \""
                            + expression + "\": " + errorText(handle));
                }
                rc = (int) setfilter.invokeExact(handle, prog);
                String err = rc != 0 ? errorText(handle) : null;
                freecode.invokeExact(prog);
                if (rc != 0) throw new PcapException(PcapException.Kind.FILTER, "tcplens: cannot install the filter: " + err);
            } catch (PcapException e) {
                throw e;
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        @Override
        public int next(Frame frame, long number) throws PcapException {
            int rc;
            try {
                rc = (int) nextEx.invokeExact(handle, headerPtr, dataPtr);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (rc == 1) {
                // struct pcap_pkthdr { struct timeval ts; bpf_u_int32 caplen; bpf_u_int32 len; } (LP64: 24 bytes)
                MemorySegment hdr = headerPtr.get(ADDRESS, 0).reinterpret(24);
                long sec = hdr.get(JAVA_LONG, 0);
                long frac = hdr.get(JAVA_LONG, 8);
                int caplen = hdr.get(JAVA_INT, 16);
                int len = hdr.get(JAVA_INT, 20);
                if (caplen > buffer.length) buffer = new byte[Math.max(caplen, buffer.length * 2)];
                MemorySegment data = dataPtr.get(ADDRESS, 0).reinterpret(caplen);
                MemorySegment.copy(data, JAVA_BYTE, 0, buffer, 0, caplen);
                int ns = (int) (nanos ? frac : frac * 1000);
                frame.set(buffer, 0, caplen, len, sec, ns, linkType, snaplen, number);
                return PACKET;
            }
            if (rc == 0) return TIMEOUT;
            if (rc == -2) return END; // PCAP_ERROR_BREAK: pcap_breakloop was called
            throw new PcapException(PcapException.Kind.OTHER, "tcplens: " + device + ": " + errorText(handle));
        }

        @Override
        public void breakLoop() {
            synchronized (lock) {
                if (closed) return;
                try {
                    breakloop.invokeExact(handle);
                } catch (Throwable t) {
                    throw rethrow(t);
                }
            }
        }

        @Override
        public CaptureStats stats() {
            synchronized (lock) {
                if (closed) return CaptureStats.UNKNOWN;
                try (Arena a = Arena.ofConfined()) {
                    // struct pcap_stat { u_int ps_recv; u_int ps_drop; u_int ps_ifdrop; }
                    MemorySegment st = a.allocate(16, 4);
                    int rc = (int) stats.invokeExact(handle, st);
                    if (rc != 0) return CaptureStats.UNKNOWN;
                    return new CaptureStats(Integer.toUnsignedLong(st.get(JAVA_INT, 0)),
                            Integer.toUnsignedLong(st.get(JAVA_INT, 4)), Integer.toUnsignedLong(st.get(JAVA_INT, 8)));
                } catch (Throwable t) {
                    throw rethrow(t);
                }
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (closed) return;
                closed = true;
                try {
                    close.invokeExact(handle);
                } catch (Throwable t) {
                    throw rethrow(t);
                } finally {
                    arena.close();
                }
            }
        }
    }
}
