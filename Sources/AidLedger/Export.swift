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
        // Parties are few: resolve them here instead of joining twice per row. Articles are
        // looked up once per run of rows from the same article (rows come in id order).
        var parties: [Int64: (name: [UInt8], code: [UInt8])] = [:]
        for (id, p) in try partyTable() { parties[id] = (Array(p.name.utf8), Array(p.code.utf8)) }
        let articleStatement = try database.prepare("SELECT title, source FROM articles WHERE id = ?")
        var currentArticle: Int64 = -1
        var title: [UInt8]? = nil, source: [UInt8] = []

        let w = try whereClause(filter, alias: "f")
        let st = try database.prepare("""
            SELECT f.id, f.published, f.article_id, f.amount, f.amount_max, f.currency, f.approximate,
                   f.donor_id, f.recipient_id, f.mechanism, f.category, f.status, f.part_of,
                   m.sentence, m.start, m."end"
            FROM flows f JOIN mentions m ON m.id = f.mention_id
            WHERE \(w.sql) ORDER BY f.id
            """)
        try st.bind(w.values)

        let csv = options.format == .csv
        let columns = Self.exportColumns + (target != nil ? Self.conversionColumns : [])
        var row = RowWriter(csv: csv, columns: columns)
        if csv {
            if options.excelBOM { row.out += [0xEF, 0xBB, 0xBF] }
            row.out += Array(columns.joined(separator: ",").utf8)
            row.out += [13, 10]
        }
        func flush(force: Bool) throws {
            if row.out.count >= 1 << 16 || (force && !row.out.isEmpty) {
                try row.out.withUnsafeBytes { try chunk($0) }
                row.out.removeAll(keepingCapacity: true)
            }
        }
        struct CachedRate { var use: RateUse; var text: [UInt8]; var date: [UInt8]? }
        var rateCache: [Int: CachedRate?] = [:]
        var rows = 0, unconverted = 0
        while try st.step() {
            rows += 1
            let articleID = st.int64(2)
            if articleID != currentArticle {
                currentArticle = articleID
                try articleStatement.bind(articleID, at: 1)
                if try articleStatement.step() {
                    title = articleStatement.isNull(0) ? nil : articleStatement.bytes(0)
                    source = articleStatement.bytes(1)
                }
                articleStatement.reset()
            }
            row.begin()
            row.integer(st.int64(0))                                   // id
            st.withTextBytes(1) { row.text($0) }                       // published
            row.text(title)                                            // article_title
            row.text(source)                                           // source
            row.cents(st.int64(3))                                     // amount
            row.cents(st.optionalInt64(4))                             // amount_max
            st.withTextBytes(5) { row.text($0) }                       // currency
            row.bool(st.int64(6) != 0)                                 // approximate
            let donor = st.optionalInt64(7).flatMap { parties[$0] }
            let recipient = st.optionalInt64(8).flatMap { parties[$0] }
            row.text(donor?.name); row.text(donor?.code)               // donor, donor_code
            row.text(recipient?.name); row.text(recipient?.code)       // recipient, recipient_code
            st.withTextBytes(9) { row.text($0) }                       // mechanism
            st.withTextBytes(10) { row.text($0) }                      // category
            let iati: Int64? = st.withTextBytes(11) { b in             // status
                row.text(b)
                guard let f = b?.first else { return nil }
                return f == UInt8(ascii: "p") ? 12 : f == UInt8(ascii: "c") ? 2 : f == UInt8(ascii: "d") ? 3 : nil
            }
            row.integer(iati)                                          // iati_transaction_type
            row.integer(st.optionalInt64(12))                          // part_of
            st.withTextBytes(13) { row.text($0) }                      // evidence
            row.span(st.int64(14), st.int64(15))                       // span
            if let target, let book {
                // One lookup (and one rendering of the rate) per distinct (currency, date).
                let packed = Self.packedRateKey(st, currency: 5, date: 1)
                let hit: CachedRate?
                if let packed, let cached = rateCache[packed] {
                    hit = cached
                } else {
                    hit = try book.rate(from: st.string(5) ?? "", to: target, date: st.string(1)).map {
                        CachedRate(use: $0, text: Array($0.rateText.utf8), date: $0.rateDate.isEmpty ? nil : Array($0.rateDate.utf8))
                    }
                    if let packed { rateCache[packed] = hit }
                }
                if let hit {
                    row.cents(hit.use.convert(st.int64(3)))
                    row.number(hit.text)
                    row.text(hit.date)
                } else {
                    unconverted += 1
                    row.cents(nil); row.number(nil); row.text(nil as [UInt8]?)
                }
            }
            row.end()
            try flush(force: false)
        }
        try flush(force: true)
        return ExportSummary(rows: rows, unconverted: unconverted)
    }

    /// A (currency, date) pair of a row packed into one integer (three ASCII letters, then
    /// YYYYMMDD), for rate caches; nil when either is NULL or not in that shape.
    static func packedRateKey(_ st: Statement, currency: Int32, date: Int32) -> Int? {
        st.withTextBytes(currency) { c in
            st.withTextBytes(date) { d -> Int? in
                guard let c, c.count == 3, let d, d.count == 10 else { return nil }
                var v = Int(c[0]) << 16 | Int(c[1]) << 8 | Int(c[2])
                for i in 0..<10 where i != 4 && i != 7 { v = v &* 10 &+ Int(d[i] &- 48) }
                return v
            }
        }
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

/// Encodes one export row as CSV or a JSON object, field by field, into a byte buffer.
struct RowWriter {
    var out: [UInt8] = []
    let csv: Bool
    /// `"name":` for each column (JSON).
    let keys: [[UInt8]]
    var col = 0
    static let null = Array("null".utf8), yes = Array("true".utf8), no = Array("false".utf8)

    init(csv: Bool, columns: [String]) {
        self.csv = csv
        keys = columns.map { Array("\"\($0)\":".utf8) }
        out.reserveCapacity(1 << 17)
    }

    mutating func begin() { col = 0 }

    @inline(__always)
    mutating func separator() {
        if csv {
            if col > 0 { out.append(44) }
        } else {
            out.append(col == 0 ? 123 : 44)
            out.append(contentsOf: keys[col])
        }
        col += 1
    }

    /// A text cell (guarded and quoted in CSV, escaped in JSON); nil is empty / null.
    mutating func text(_ b: UnsafeBufferPointer<UInt8>?) {
        separator()
        if csv { CSVWriter.appendText(b, to: &out) } else { JSONWriter.appendString(b, to: &out) }
    }

    mutating func text(_ a: [UInt8]?) {
        guard let a else { return text(nil as UnsafeBufferPointer<UInt8>?) }
        a.withUnsafeBufferPointer { text($0) }
    }

    mutating func integer(_ v: Int64?) {
        separator()
        if let v { Cents.appendInt(v, to: &out) } else if !csv { out += Self.null }
    }

    mutating func cents(_ v: Int64?) {
        separator()
        if let v { Cents.append(v, to: &out) } else if !csv { out += Self.null }
    }

    /// A number already written as plain decimal text.
    mutating func number(_ digits: [UInt8]?) {
        separator()
        if let digits { out += digits } else if !csv { out += Self.null }
    }

    mutating func bool(_ v: Bool) {
        separator()
        out += v ? Self.yes : Self.no
    }

    /// "start-end", a string in JSON.
    mutating func span(_ start: Int64, _ end: Int64) {
        separator()
        if !csv { out.append(34) }
        Cents.appendInt(start, to: &out); out.append(45); Cents.appendInt(end, to: &out)
        if !csv { out.append(34) }
    }

    mutating func end() { if csv { out += [13, 10] } else { out += [125, 10] } }
}

/// RFC 4180 field writing with the OWASP formula-injection guard.
public enum CSVWriter {
    /// Appends one text field: prefixed with `'` when it starts with `=`, `+`, `-`, `@`, TAB or
    /// CR (so a spreadsheet cannot run it as a formula), quoted when it holds a comma, quote, CR
    /// or LF, with quotes doubled. A nil buffer (SQL NULL) writes an empty field.
    static func appendText(_ bytes: UnsafeBufferPointer<UInt8>?, to out: inout [UInt8]) {
        guard let bytes, let first = bytes.first else { return }
        let guarded = first == 61 || first == 43 || first == 45 || first == 64 || first == 9 || first == 13
        if !needsQuoting(bytes) {
            if guarded { out.append(39) }
            out.append(contentsOf: bytes)
            return
        }
        out.append(34)
        if guarded { out.append(39) }
        // Copy the runs between quotes in bulk; each quote is written twice.
        guard let base = bytes.baseAddress else { out.append(34); return }
        var start = 0
        while start < bytes.count,
              let hit = memchr(base + start, 34, bytes.count - start) {
            let q = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...q]))
            out.append(34)
            start = q + 1
        }
        if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
        out.append(34)
    }

    /// True when `bytes` hold a comma, quote, CR or LF. Tests eight bytes at a time (a byte of
    /// `w ^ pattern` is zero exactly where `w` holds that byte; the expression is nonzero iff
    /// some byte is zero), then the tail byte by byte.
    @inline(__always)
    static func needsQuoting(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let n = bytes.count, raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let comma = ones &* 44, quote = ones &* 34, lf = ones &* 10, cr = ones &* 13
        @inline(__always) func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        var i = 0
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if hasZero(w ^ comma) || hasZero(w ^ quote) || hasZero(w ^ lf) || hasZero(w ^ cr) { return true }
            i += 8
        }
        while i < n {
            let b = base[i]
            if b == 44 || b == 34 || b == 10 || b == 13 { return true }
            i += 1
        }
        return false
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
        guard let bytes else { out += RowWriter.null; return }
        out.append(34)
        var plain = true
        for b in bytes where b < 32 || b == 34 || b == 92 { plain = false; break }
        if plain { out.append(contentsOf: bytes); out.append(34); return }
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
