import Foundation

/// Buffered writer to stdout (or a file): one `write` syscall per 64 KiB, not per line.
final class OutputSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    init(_ handle: FileHandle = .standardOutput) {
        self.handle = handle
        buffer.reserveCapacity(1 << 17)
    }
    func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        flushIfFull()
    }
    func line(_ s: String) { buffer.append(contentsOf: s.utf8); buffer.append(10); flushIfFull() }
    @inline(__always) private func flushIfFull() { if buffer.count >= 1 << 16 { flush() } }
    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
    deinit { flush() }

    /// Writes the bytes built in `w` (one buffer access per line instead of one per field).
    func write(_ w: ByteWriter) {
        buffer.append(contentsOf: w.bytes)
        flushIfFull()
    }
}

/// Builds output bytes (a JSONL row, say) in a value-type buffer: no `String` per field and no
/// dynamic exclusivity check per append, unlike appending to the sink's class-owned buffer.
struct ByteWriter {
    var bytes: [UInt8] = []

    /// Empties the buffer, keeping its capacity for the next line.
    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    /// Ends a line.
    mutating func endLine() { bytes.append(10) }

    /// Appends the UTF-8 bytes of `s` as they are.
    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends a decimal integer.
    mutating func append(_ v: Int) {
        if v < 0 { bytes.append(45) }
        appendDigits(v.magnitude)
    }

    private mutating func appendDigits(_ v: UInt) {
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for 20 digits
        var n = 0
        var x = v
        withUnsafeMutableBytes(of: &tmp) { t in
            repeat {
                t[23 - n] = UInt8(truncatingIfNeeded: x % 10) &+ 48
                x /= 10
                n += 1
            } while x > 0
            bytes.append(contentsOf: t[(24 - n)...])
        }
    }

    /// Appends `true` or `false`.
    mutating func append(_ v: Bool) { append(v ? "true" : "false") }

    /// Appends `d` exactly as `d.description` prints it ("2500000000", "1.5", "0.05"), without
    /// going through Foundation's string conversion for the common case (non-negative, at most
    /// 19 significant digits); anything else falls back to `description`.
    mutating func append(_ d: Decimal) {
        if d.isNaN || d.sign == .minus { append(d.description); return }
        let sig = d.significand
        guard sig <= ByteWriter.maxSignificand else { append(d.description); return }
        var m = NSDecimalNumber(decimal: sig).uint64Value
        var e = d.exponent
        if m == 0 { bytes.append(48); return }
        guard e <= 40, e >= -40 else { append(d.description); return }
        // Trailing zeros of a fraction are not printed.
        while e < 0, m % 10 == 0 { m /= 10; e += 1 }
        var digits = 0
        var p: UInt64 = m
        while p > 0 { digits += 1; p /= 10 }
        if e >= 0 {
            appendDigits(UInt(m))
            for _ in 0..<e { bytes.append(48) }
        } else if digits > -e {
            let f = -e
            var pow: UInt64 = 1
            for _ in 0..<f { pow &*= 10 }
            appendDigits(UInt(m / pow))
            bytes.append(46)
            appendPadded(m % pow, width: f)
        } else {
            bytes.append(48); bytes.append(46)
            appendPadded(m, width: -e)
        }
    }

    private static let maxSignificand = Decimal(UInt64(9_999_999_999_999_999_999))

    /// `v` in decimal, left-padded with zeros to `width` digits.
    private mutating func appendPadded(_ v: UInt64, width: Int) {
        var digits = 0
        var p = v
        repeat { digits += 1; p /= 10 } while p > 0
        if width > digits { for _ in 0..<(width - digits) { bytes.append(48) } }
        appendDigits(UInt(v))
    }

    /// Appends `s` as a JSON string literal (RFC 8259 escaping), or `null`.
    mutating func appendJSON(_ s: String?) {
        guard var v = s else { append("null"); return }
        bytes.append(34)
        v.withUTF8 { jsonEscape($0, into: &bytes) }
        bytes.append(34)
    }
}

/// Escapes UTF-8 bytes for a JSON string body: `"` `\` and control characters; other bytes,
/// UTF-8 sequences included, are copied as they are (runs of plain bytes in one copy).
func jsonEscape(_ b: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    var run = 0
    var i = 0
    let n = b.count
    while i < n {
        let c = b[i]
        if c >= 0x20 && c != 34 && c != 92 { i += 1; continue }
        if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<i])) }
        out.append(92)
        switch c {
        case 34: out.append(34)
        case 92: out.append(92)
        case 10: out.append(110)
        case 13: out.append(114)
        case 9: out.append(116)
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            out.append(117); out.append(48); out.append(48)
            out.append(hex[Int(c >> 4)]); out.append(hex[Int(c & 15)])
        }
        i += 1
        run = i
    }
    if run < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<n])) }
}

/// Writes `message` and a newline to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// JSON string literal for `s` (RFC 8259 escaping), or `null`.
func jsonString(_ s: String?) -> String {
    guard var v = s else { return "null" }
    var out: [UInt8] = [34]
    out.reserveCapacity(v.utf8.count + 2)
    v.withUTF8 { jsonEscape($0, into: &out) }
    out.append(34)
    return String(decoding: out, as: UTF8.self)
}

/// Renders rows as an aligned text table; `rightAligned` columns (numbers) align right.
func renderTable(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
    var widths = header.map { $0.count }
    for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
    func render(_ cells: [String]) -> String {
        cells.enumerated().map { i, cell in
            let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
            return rightAligned.contains(i) ? pad + cell : cell + pad
        }.joined(separator: "  ").trimmingTrailingSpaces()
    }
    var lines = [render(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
    lines += rows.map(render)
    return lines.joined(separator: "\n")
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }

    /// At most `limit` characters, with an ellipsis when cut.
    func shortened(to limit: Int) -> String {
        count <= limit ? self : String(prefix(limit - 1)) + "…"
    }
}

/// Groups the integer part of a plain decimal string in threes: "1234567.5" -> "1,234,567.5".
func withThousandsSeparators(_ plain: String) -> String {
    var sign = ""
    var s = Substring(plain)
    if s.hasPrefix("-") { sign = "-"; s = s.dropFirst() }
    let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let intPart = Array(parts[0])
    var grouped = ""
    for (i, ch) in intPart.enumerated() {
        if i > 0 && (intPart.count - i) % 3 == 0 { grouped.append(",") }
        grouped.append(ch)
    }
    return sign + grouped + (parts.count > 1 ? "." + parts[1] : "")
}
