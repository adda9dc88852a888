import Foundation

/// Buffered writer to stdout (or a file): one `write` syscall per 64 KiB, not per line.
final class OutputSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    init(_ handle: FileHandle = .standardOutput) {
        self.handle = handle
        buffer.reserveCapacity(1 << 16)
    }
    func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }
    func line(_ s: String) { write(s); write("\n") }
    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
    deinit { flush() }
}

/// Writes `message` and a newline to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// JSON string literal for `s` (RFC 8259 escaping), or `null`.
func jsonString(_ s: String?) -> String {
    guard let s else { return "null" }
    var out = "\""
    out.reserveCapacity(s.utf8.count + 2)
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
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
