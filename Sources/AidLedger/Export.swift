import AidExtraction
import Foundation

/// Output formats of `Ledger.export`.
public enum ExportFormat: String, Sendable, Hashable, CaseIterable {
    /// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote, CR or LF, quotes
    /// doubled, UTF-8; text cells guarded against formula injection.
    case csv
    /// One JSON object per line and per flow, with the CSV columns as keys (numbers as JSON
    /// numbers, `approximate` as a boolean, missing values as null; no formula guard).
    case jsonl
}

/// How to export.
public struct ExportOptions: Sendable, Hashable {
    public var format: ExportFormat
    /// Start a CSV with a UTF-8 byte-order mark (Excel needs it to read UTF-8).
    public var excelBOM: Bool
    /// Add converted_amount, rate and rate_date columns for this currency.
    public var convertTo: String?
    public var maxRateAge: Int
    public init(format: ExportFormat = .csv, excelBOM: Bool = false, convertTo: String? = nil, maxRateAge: Int = 7) {
        self.format = format; self.excelBOM = excelBOM; self.convertTo = convertTo; self.maxRateAge = maxRateAge
    }
}

/// What an export wrote.
public struct ExportSummary: Sendable, Hashable {
    public var rows: Int
    /// With conversion: rows left without a converted amount (no date or no rate in the window).
    public var unconverted: Int
}

extension Ledger {
    /// The export columns, in order (the three conversion columns only with `convertTo`).
    public static let exportColumns = [
        "id", "published", "article_title", "source", "amount", "amount_max", "currency", "approximate",
        "donor", "donor_code", "recipient", "recipient_code", "mechanism", "category", "status",
        "iati_transaction_type", "part_of", "evidence", "span",
    ]
    public static let conversionColumns = ["converted_amount", "rate", "rate_date"]

    /// Streams the flows matching `filter`, in id order, as CSV or JSONL. Bytes are handed to
    /// `chunk` in pieces of about 64 KB (valid only during the call); nothing holds the whole
    /// export in memory. Amounts are plain numbers in major units ("500000000", "1.25").
    @discardableResult
    public func export(filter: FlowFilter = .all, options: ExportOptions = ExportOptions(),
                       chunk: (UnsafeRawBufferPointer) throws -> Void) throws -> ExportSummary {
        let target = options.convertTo?.uppercased()
        if let target, !Self.isCurrencyCode(target) { throw LedgerError("'\(options.convertTo ?? "")' is not a currency code") }
        let book = try target.map { _ in try RateBook(database: database, maxAge: options.maxRateAge) }
        let w = try whereClause(filter, alias: "f")
        let st = try database.prepare(Self.flowSelect + " WHERE \(w.sql) ORDER BY f.id")
        try st.bind(w.values)

        var out = [UInt8]()
        out.reserveCapacity(1 << 17)
        func flush(force: Bool) throws {
            if out.count >= 1 << 16 || (force && !out.isEmpty) {
                try out.withUnsafeBytes { try chunk($0) }
                out.removeAll(keepingCapacity: true)
            }
        }
        let csv = options.format == .csv
        let columns = Self.exportColumns + (target != nil ? Self.conversionColumns : [])
        if csv {
            if options.excelBOM { out += [0xEF, 0xBB, 0xBF] }
            out += Array(columns.joined(separator: ",").utf8)
            out += [13, 10]
        }
        let keys = columns.map { Array("\"\($0)\":".utf8) }
        var rows = 0, unconverted = 0
        while try st.step() {
            rows += 1
            var col = 0
            func key() { if !csv { out.append(col == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")); out += keys[col] } else if col > 0 { out.append(44) }; col += 1 }
            func text(_ i: Int32) {
                key()
                st.withTextBytes(i) { b in
                    if csv { CSVWriter.appendText(b, to: &out) } else { JSONWriter.appendString(b, to: &out) }
                }
            }
            func number(_ v: Int64?, cents: Bool) {
                key()
                guard let v else { if !csv { out += Array("null".utf8) }; return }
                if cents { Cents.append(v, to: &out) } else { Cents.appendInt(v, to: &out) }
            }
            func literal(_ s: String?) {
                key()
                guard let s else { if !csv { out += Array("null".utf8) }; return }
                if csv { out += Array(s.utf8) } else { JSONWriter.appendString(Array(s.utf8), to: &out) }
            }
            number(st.int64(0), cents: false)             // id
            text(1); text(2); text(3)                      // published, article_title, source
            number(st.int64(4), cents: true)               // amount
            number(st.optionalInt64(5), cents: true)       // amount_max
            text(6)                                        // currency
            key(); out += Array((st.int64(7) != 0 ? "true" : "false").utf8)  // approximate
            text(8); text(9); text(10); text(11); text(12); text(13); text(14)
            let iati: Int64? = st.withTextBytes(14) { b in
                guard let b, let f = b.first else { return nil }
                return f == UInt8(ascii: "p") ? 12 : f == UInt8(ascii: "c") ? 2 : f == UInt8(ascii: "d") ? 3 : nil
            }
            number(iati, cents: false)                     // iati_transaction_type
            number(st.optionalInt64(15), cents: false)     // part_of
            text(16)                                       // evidence
            key()                                          // span "start-end"
            if !csv { out.append(34) }
            Cents.appendInt(st.int64(17), to: &out); out.append(45); Cents.appendInt(st.int64(18), to: &out)
            if !csv { out.append(34) }
            if let target, let book {
                let currency = st.string(6) ?? ""
                let rate = try book.rate(from: currency, to: target, date: st.string(1))
                if let rate {
                    var v = Decimal(st.int64(4)) * rate.rate
                    number(Cents.roundedInteger(&v), cents: true)
                    key(); out += Array(rate.rateText.utf8)
                    literal(rate.rateDate.isEmpty ? nil : rate.rateDate)
                } else {
                    unconverted += 1
                    number(nil, cents: true); number(nil, cents: false); literal(nil)
                }
            }
            if csv { out += [13, 10] } else { out += [125, 10] }
            try flush(force: false)
        }
        try flush(force: true)
        return ExportSummary(rows: rows, unconverted: unconverted)
    }

    /// `export` into a file handle (stdout or a file).
    @discardableResult
    public func export(filter: FlowFilter = .all, options: ExportOptions = ExportOptions(),
                       to handle: FileHandle) throws -> ExportSummary {
        try export(filter: filter, options: options) { buf in handle.write(Data(buf)) }
    }

    /// `export` into a string sink, one chunk (many whole rows) per call.
    @discardableResult
    public func export(filter: FlowFilter = .all, options: ExportOptions = ExportOptions(),
                       sink: (String) -> Void) throws -> ExportSummary {
        try export(filter: filter, options: options) { buf in sink(String(decoding: buf, as: UTF8.self)) }
    }
}

/// RFC 4180 field writing with the OWASP formula-injection guard.
public enum CSVWriter {
    /// Appends one text field: prefixed with `'` when it starts with `=`, `+`, `-`, `@`, TAB or
    /// CR (so a spreadsheet cannot run it as a formula), quoted when it holds a comma, quote, CR
    /// or LF, with quotes doubled. A nil buffer (SQL NULL) writes an empty field.
    static func appendText(_ bytes: UnsafeBufferPointer<UInt8>?, to out: inout [UInt8]) {
        guard let bytes, let first = bytes.first else { return }
        let guarded = first == 61 || first == 43 || first == 45 || first == 64 || first == 9 || first == 13
        var needsQuotes = false
        for b in bytes where b == 44 || b == 34 || b == 10 || b == 13 { needsQuotes = true; break }
        if !needsQuotes {
            if guarded { out.append(39) }
            out.append(contentsOf: bytes)
            return
        }
        out.append(34)
        if guarded { out.append(39) }
        for b in bytes {
            if b == 34 { out.append(34) }
            out.append(b)
        }
        out.append(34)
    }

    /// One CSV field for `text` (guarded and quoted as in exports).
    public static func field(_ text: String) -> String {
        var out = [UInt8]()
        var s = text
        s.withUTF8 { appendText($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}

/// JSON string escaping over UTF-8 bytes.
enum JSONWriter {
    static let hex = Array("0123456789abcdef".utf8)

    static func appendString(_ bytes: UnsafeBufferPointer<UInt8>?, to out: inout [UInt8]) {
        guard let bytes else { out += Array("null".utf8); return }
        out.append(34)
        for b in bytes {
            switch b {
            case 34: out.append(92); out.append(34)
            case 92: out.append(92); out.append(92)
            case 10: out.append(92); out.append(110)
            case 13: out.append(92); out.append(114)
            case 9: out.append(92); out.append(116)
            case 0..<32:
                out += [92, 117, 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        out.append(34)
    }

    static func appendString(_ bytes: [UInt8], to out: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { appendString($0, to: &out) }
    }
}
