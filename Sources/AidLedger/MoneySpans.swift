import AidExtraction

/// The compact form of the money expressions that evidence no figure (`money_spans`): their
/// code-point spans in order, each as two LEB128 varints (the distance from the previous span's
/// start, then the length). A few bytes per expression, whatever the input.
public enum MoneySpans {
    public static func encode(_ spans: [Span]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(spans.count * 3)
        var last = 0
        func put(_ v: Int) {
            var x = UInt64(max(0, v))
            repeat {
                let byte = UInt8(x & 0x7F)
                x >>= 7
                out.append(x == 0 ? byte : byte | 0x80)
            } while x != 0
        }
        for s in spans.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
            put(s.start - last); put(s.end - s.start)
            last = s.start
        }
        return out
    }

    /// The spans of `encode`'s output; nil when the bytes are not a whole list.
    public static func decode(_ bytes: [UInt8]) -> [Span]? {
        var out: [Span] = [], i = 0, last = 0
        func get() -> Int? {
            var v: UInt64 = 0, shift: UInt64 = 0
            while i < bytes.count {
                let b = bytes[i]; i += 1
                guard shift < 63 else { return nil }
                v |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return Int(clamping: v) }
                shift += 7
            }
            return nil
        }
        while i < bytes.count {
            guard let gap = get(), let len = get() else { return nil }
            let start = last + gap
            out.append(Span(start: start, end: start + len))
            last = start
        }
        return out
    }
}
