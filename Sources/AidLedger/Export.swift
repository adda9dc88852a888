import AidExtraction
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Output formats of `Ledger.export`.
public enum ExportFormat: String, Sendable, Hashable, CaseIterable {
    /// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote, CR or LF, quotes
    /// doubled, UTF-8; text cells guarded against formula injection.
    case csv
    /// One JSON object per line and per flow, with the CSV columns as keys (numbers as JSON
    /// numbers, `approximate` and `voided` as booleans, missing values as null; no formula guard).
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
    /// The export columns, in order (the three conversion columns only with `convertTo`, after
    /// these). From `sources` on they describe the flow's sources (migration 0005): distinct
    /// articles reporting it, the dates of its first and latest dated source, the date of the
    /// first source at each stage (empty / null when none), and whether an analyst voided it
    /// (voided flows are exported, never counted in totals).
    public static let exportColumns = [
        "id", "published", "article_title", "source", "amount", "amount_max", "currency", "approximate",
        "donor", "donor_code", "recipient", "recipient_code", "mechanism", "category", "status",
        "iati_transaction_type", "part_of", "evidence", "span",
        "sources", "first_source_date", "latest_source_date", "pledged_on", "committed_on", "disbursed_on", "voided",
    ]
    public static let conversionColumns = ["converted_amount", "rate", "rate_date"]

    /// Streams the flows matching `filter`, in id order, as CSV or JSONL. Bytes are handed to
    /// `chunk` in pieces of about 64 KB (valid only during the call); nothing holds the whole
    /// export in memory. Amounts are plain numbers in major units ("500000000", "1.25").
    ///
    /// Large unconverted exports of a file ledger are encoded by two threads: this one and a
    /// helper with its own read connection (WAL lets both read at once) take alternate blocks of
    /// flow ids, and this thread hands the blocks to `chunk` in id order, so the bytes are the
    /// same as one thread would write.
    @discardableResult
    public func export(filter: FlowFilter = .all, options: ExportOptions = ExportOptions(),
                       chunk: (UnsafeRawBufferPointer) throws -> Void) throws -> ExportSummary {
        if let date = filter.asOf {
            // the shadow table of `withAsOf` is this connection's only: one thread
            var f = filter
            f.asOf = nil
            let block = parallelExportMinimum
            parallelExportMinimum = .max
            defer { parallelExportMinimum = block }
            return try withAsOf(date) { try export(filter: f, options: options, chunk: chunk) }
        }
        let target = options.convertTo?.uppercased()
        if let target, !Self.isCurrencyCode(target) { throw LedgerError("'\(options.convertTo ?? "")' is not a currency code") }
        let book = try target.map { _ in try RateBook(database: database, maxAge: options.maxRateAge) }
        // Parties are few: resolve them here instead of joining twice per row. Articles are
        // looked up once per run of rows from the same article (rows come in id order).
        var parties: [Int64: PartyBytes] = [:]
        for (id, p) in try partyTable() { parties[id] = PartyBytes(name: Array(p.name.utf8), code: Array(p.code.utf8)) }
        let w = try whereClause(filter, alias: "f")
        let csv = options.format == .csv
        let columns = Self.exportColumns + (target != nil ? Self.conversionColumns : [])
        var row = RowWriter(csv: csv, columns: columns)
        defer { row.out.free() }
        if csv {
            if options.excelBOM { row.out.append([0xEF, 0xBB, 0xBF]) }
            row.out.append(Array(columns.joined(separator: ",").utf8))
            row.out.append([13, 10])
        }

        if target == nil, path != ":memory:", !path.isEmpty,
           let bounds = try parallelBounds(), bounds.hi - bounds.lo >= parallelExportMinimum, try lockWritersOut() {
            defer { try? database.execute("COMMIT") }  // nothing was written: this only releases the lock
            return try exportInParallel(where: w, csv: csv, columns: columns, parties: parties, bounds: bounds,
                                        row: &row, chunk: chunk)
        }

        let reader = try ExportReader(database: database, where: w.sql, ranged: false)
        try reader.rows.bind(w.values)
        struct CachedRate { var use: RateUse; var text: [UInt8]; var date: [UInt8]? }
        var rateCache: [Int: CachedRate?] = [:]
        var rows = 0, unconverted = 0
        let st = reader.rows
        while try st.step() {
            rows += 1
            try reader.appendFields(to: &row, parties: parties)
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
            if row.out.count >= Self.exportChunk {
                try chunk(row.out.bytes)
                row.out.removeAll()
            }
        }
        if row.out.count > 0 { try chunk(row.out.bytes) }
        return ExportSummary(rows: rows, unconverted: unconverted)
    }

    /// Bytes handed to the export callback at a time.
    static let exportChunk = 1 << 16

    /// Lowest and highest flow id (nil when there are no flows).
    private func parallelBounds() throws -> (lo: Int64, hi: Int64)? {
        let st = try database.prepare("SELECT MIN(id), MAX(id) FROM flows")
        guard try st.step(), !st.isNull(0), !st.isNull(1) else { return nil }
        return (st.int64(0), st.int64(1))
    }

    /// Starts a write transaction without waiting (`BEGIN IMMEDIATE` with no busy timeout), so
    /// that no other connection can commit while the two export threads open their snapshots.
    /// False when another connection is writing (an ingest running): the export then runs on one
    /// thread, in its own snapshot, and never waits for the writer.
    private func lockWritersOut() throws -> Bool {
        let saved = try database.scalarInt("PRAGMA busy_timeout") ?? 0
        try database.execute("PRAGMA busy_timeout=0")
        defer { try? database.execute("PRAGMA busy_timeout=\(saved)") }
        return (try? database.execute("BEGIN IMMEDIATE")) != nil
    }

    /// The parallel export (see `export`): blocks of `parallelExportBlock` ids; even blocks are
    /// encoded here, odd ones by the helper thread, at most two blocks ahead.
    private func exportInParallel(where w: WhereClause, csv: Bool, columns: [String], parties: [Int64: PartyBytes],
                                  bounds: (lo: Int64, hi: Int64), row: inout RowWriter,
                                  chunk: (UnsafeRawBufferPointer) throws -> Void) throws -> ExportSummary {
        let block = parallelExportBlock
        let blocks = Int((bounds.hi - bounds.lo) / block) + 1
        let pipe = ExportPipe()
        let path = self.path, whereSQL = w.sql, values = w.values, lo = bounds.lo
        // Both connections read the same snapshot: the caller holds the write lock
        // (`lockWritersOut`), so nothing can commit between this transaction's snapshot and the
        // helper's.
        let helper = Thread {
            do {
                let db = try Database(path: path)
                try db.execute("BEGIN")
                defer { try? db.execute("COMMIT") }
                let reader = try ExportReader(database: db, where: whereSQL, ranged: true)
                var k = 1
                while k < blocks, !pipe.cancelled {
                    var out = RowWriter(csv: csv, columns: columns)
                    let n = try reader.encode(values: values, from: lo + Int64(k) * block, to: lo + Int64(k + 1) * block - 1,
                                              parties: parties, into: &out)
                    guard pipe.put(k, Encoded(buffer: out.out, rows: n)) else { out.out.free(); break }
                    k += 2
                }
            } catch {
                pipe.fail(error)
            }
            pipe.finish()
        }
        helper.start()
        defer {
            pipe.cancel()
            pipe.waitFinished()
            pipe.freeAll()
        }
        func emit(_ out: UnsafeRawBufferPointer) throws {
            var offset = 0
            while offset < out.count {
                let n = min(Self.exportChunk, out.count - offset)
                try chunk(UnsafeRawBufferPointer(rebasing: out[offset..<(offset + n)]))
                offset += n
            }
        }
        let reader = try ExportReader(database: database, where: w.sql, ranged: true)
        var rows = 0
        for k in 0..<blocks {
            if k % 2 == 0 {
                rows += try reader.encode(values: w.values, from: lo + Int64(k) * block, to: lo + Int64(k + 1) * block - 1,
                                          parties: parties, into: &row)
                try emit(row.out.bytes)
                row.out.removeAll()
            } else {
                let done = try pipe.take(k)
                defer { done.buffer.free() }
                rows += done.rows
                try emit(done.buffer.bytes)
            }
        }
        return ExportSummary(rows: rows, unconverted: 0)
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
        let fd = handle.fileDescriptor
        return try export(filter: filter, options: options) { buf in
            // write(2) straight from the export buffer (no Data copy per chunk).
            guard var p = buf.baseAddress else { return }
            var left = buf.count
            while left > 0 {
                let n = Glibc.write(fd, p, left)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw LedgerError("cannot write the export: \(String(cString: strerror(errno)))")
                }
                p += n
                left -= n
            }
        }
    }

    /// `export` into a string sink, one chunk (many whole rows) per call.
    @discardableResult
    public func export(filter: FlowFilter = .all, options: ExportOptions = ExportOptions(),
                       sink: (String) -> Void) throws -> ExportSummary {
        try export(filter: filter, options: options) { buf in sink(String(decoding: buf, as: UTF8.self)) }
    }
}

/// A party's name and code as UTF-8, for the exporters.
struct PartyBytes: Sendable {
    var name: [UInt8]
    var code: [UInt8]
}

/// The export's row statement (flows joined to the booking mention for the evidence) and its
/// article lookup, on one connection; encodes rows into a `RowWriter`. With `ranged`, the
/// statement takes two more parameters: the first and last flow id.
final class ExportReader {
    let rows: Statement
    private let article: Statement
    private var currentArticle: Int64 = -1
    private var title: [UInt8]? = nil, source: [UInt8] = []

    init(database: Database, where sql: String, ranged: Bool) throws {
        rows = try database.prepare("""
            SELECT f.id, f.published, f.article_id, f.amount, f.amount_max, f.currency, f.approximate,
                   f.donor_id, f.recipient_id, f.mechanism, f.category, f.status, f.part_of,
                   se.text, m.start, m."end",
                   f.sources, f.first_source_date, f.latest_source_date, f.pledged_on, f.committed_on,
                   f.disbursed_on, f.voided
            FROM flows f JOIN mentions m ON m.id = f.mention_id LEFT JOIN sentences se ON se.id = m.sentence_id
            WHERE \(sql)\(ranged ? " AND f.id BETWEEN ? AND ?" : "") ORDER BY f.id
            """)
        article = try database.prepare("SELECT title, source FROM articles WHERE id = ?")
    }

    /// Every row with an id in `from...to`, in id order, ended; returns how many.
    func encode(values: [SQLValue], from: Int64, to: Int64, parties: [Int64: PartyBytes],
                into row: inout RowWriter) throws -> Int {
        rows.reset()
        try rows.bind(values)
        let n = Int32(values.count)
        try rows.bind(from, at: n + 1)
        try rows.bind(to, at: n + 2)
        var count = 0
        while try rows.step() {
            try appendFields(to: &row, parties: parties)
            row.end()
            count += 1
        }
        rows.reset()
        return count
    }

    /// The export columns (without conversion columns) of the current row.
    func appendFields(to row: inout RowWriter, parties: [Int64: PartyBytes]) throws {
        let st = rows
        let articleID = st.int64(2)
        if articleID != currentArticle {
            currentArticle = articleID
            try article.bind(articleID, at: 1)
            if try article.step() {
                title = article.isNull(0) ? nil : article.bytes(0)
                source = article.bytes(1)
            }
            article.reset()
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
        row.integer(st.int64(16))                                  // sources
        st.withTextBytes(17) { row.text($0) }                      // first_source_date
        st.withTextBytes(18) { row.text($0) }                      // latest_source_date
        st.withTextBytes(19) { row.text($0) }                      // pledged_on
        st.withTextBytes(20) { row.text($0) }                      // committed_on
        st.withTextBytes(21) { row.text($0) }                      // disbursed_on
        row.bool(st.int64(22) != 0)                                // voided
    }
}

/// One block encoded by the helper thread of a parallel export.
struct Encoded: @unchecked Sendable {
    /// Raw memory handed from the helper to the exporting thread, which frees it.
    var buffer: OutBuffer
    var rows: Int
}

/// Hands encoded blocks from the helper thread to the exporting thread (at most two waiting),
/// with the helper's error and cancellation. Every field is guarded by `lock`.
final class ExportPipe: @unchecked Sendable {
    private let lock = NSCondition()
    private var ready: [Int: Encoded] = [:]
    private var error: Error?
    private var finished = false
    private var stop = false

    var cancelled: Bool { lock.lock(); defer { lock.unlock() }; return stop }

    /// Waits while two blocks are already waiting; false when the export was cancelled.
    func put(_ k: Int, _ e: Encoded) -> Bool {
        lock.lock(); defer { lock.unlock() }
        while ready.count >= 2 && !stop { lock.wait() }
        guard !stop else { return false }
        ready[k] = e
        lock.broadcast()
        return true
    }

    func take(_ k: Int) throws -> Encoded {
        lock.lock(); defer { lock.unlock() }
        while true {
            if let e = ready.removeValue(forKey: k) { lock.broadcast(); return e }
            if let error { throw error }
            if finished { throw LedgerError("export: block \(k) was not encoded") }
            lock.wait()
        }
    }

    func fail(_ e: Error) { lock.lock(); error = e; lock.broadcast(); lock.unlock() }
    func finish() { lock.lock(); finished = true; lock.broadcast(); lock.unlock() }
    func cancel() { lock.lock(); stop = true; lock.broadcast(); lock.unlock() }
    func waitFinished() { lock.lock(); while !finished { lock.wait() }; lock.unlock() }
    func freeAll() {
        lock.lock(); defer { lock.unlock() }
        for e in ready.values { e.buffer.free() }
        ready.removeAll()
    }
}

/// A growable byte buffer in raw memory: appends are a capacity check and a copy, without the
/// uniqueness and exclusivity bookkeeping of `[UInt8]` (the exporters append ~26 fields per row).
/// Owned by one function, which calls `free()` when done.
struct OutBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1 << 17) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    func free() { base.deallocate() }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func reserve(_ n: Int) { if count + n > capacity { grow(count + n) } }

    mutating func grow(_ need: Int) {
        var c = capacity * 2
        while c < need { c *= 2 }
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        b.update(from: base, count: count)
        base.deallocate()
        base = b
        capacity = c
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
        guard n > 0 else { return }
        reserve(n)
        (base + count).update(from: p, count: n)
        count += n
    }

    @inline(__always)
    mutating func append(_ b: UnsafeBufferPointer<UInt8>) {
        if let p = b.baseAddress { append(p, b.count) }
    }

    mutating func append(_ a: [UInt8]) { a.withUnsafeBufferPointer { append($0) } }

    /// The decimal digits of `value`.
    @inline(__always)
    mutating func appendDigits(_ value: UInt64) {
        if value < 10 { append(48 + UInt8(value)); return }
        var n = 0, v = value
        while v > 0 { n += 1; v /= 10 }
        reserve(n)
        v = value
        var i = count + n - 1
        while v > 0 { base[i] = 48 + UInt8(v % 10); v /= 10; i -= 1 }
        count += n
    }

    mutating func appendInt(_ value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude)
    }

    /// `Cents.string` of `cents`: major units, trailing fractional zeros dropped.
    mutating func appendCents(_ cents: Int64) {
        let magnitude = cents.magnitude
        let whole = magnitude / 100, frac = magnitude % 100
        if cents < 0 { append(UInt8(ascii: "-")) }
        appendDigits(whole)
        if frac != 0 {
            append(UInt8(ascii: "."))
            append(48 + UInt8(frac / 10))
            if frac % 10 != 0 { append(48 + UInt8(frac % 10)) }
        }
    }
}

/// Encodes one export row as CSV or a JSON object, field by field, into a byte buffer.
struct RowWriter {
    var out = OutBuffer()
    let csv: Bool
    /// `"name":` for each column (JSON).
    let keys: [[UInt8]]
    var col = 0
    static let null = Array("null".utf8), yes = Array("true".utf8), no = Array("false".utf8)

    init(csv: Bool, columns: [String]) {
        self.csv = csv
        keys = columns.map { Array("\"\($0)\":".utf8) }
    }

    mutating func begin() { col = 0 }

    @inline(__always)
    mutating func separator() {
        if csv {
            if col > 0 { out.append(44) }
        } else {
            out.append(col == 0 ? 123 : 44)
            out.append(keys[col])
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
        if let v { out.appendInt(v) } else if !csv { out.append(Self.null) }
    }

    mutating func cents(_ v: Int64?) {
        separator()
        if let v { out.appendCents(v) } else if !csv { out.append(Self.null) }
    }

    /// A number already written as plain decimal text.
    mutating func number(_ digits: [UInt8]?) {
        separator()
        if let digits { out.append(digits) } else if !csv { out.append(Self.null) }
    }

    mutating func bool(_ v: Bool) {
        separator()
        out.append(v ? Self.yes : Self.no)
    }

    /// "start-end", a string in JSON.
    mutating func span(_ start: Int64, _ end: Int64) {
        separator()
        if !csv { out.append(34) }
        out.appendInt(start); out.append(45); out.appendInt(end)
        if !csv { out.append(34) }
    }

    mutating func end() {
        if csv { out.append(13); out.append(10) } else { out.append(125); out.append(10) }
    }
}

/// RFC 4180 field writing with the OWASP formula-injection guard.
public enum CSVWriter {
    /// Appends one text field: prefixed with `'` when it starts with `=`, `+`, `-`, `@`, TAB or
    /// CR (so a spreadsheet cannot run it as a formula), quoted when it holds a comma, quote, CR
    /// or LF, with quotes doubled. A nil buffer (SQL NULL) writes an empty field.
    static func appendText(_ bytes: UnsafeBufferPointer<UInt8>?, to out: inout OutBuffer) {
        guard let bytes, let first = bytes.first, let base = bytes.baseAddress else { return }
        let guarded = first == 61 || first == 43 || first == 45 || first == 64 || first == 9 || first == 13
        if !needsQuoting(bytes) {
            if guarded { out.append(39) }
            out.append(base, bytes.count)
            return
        }
        out.append(34)
        if guarded { out.append(39) }
        // Copy the runs between quotes in bulk; each quote is written twice.
        var start = 0
        while start < bytes.count,
              let hit = memchr(base + start, 34, bytes.count - start) {
            let q = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            out.append(base + start, q + 1 - start)
            out.append(34)
            start = q + 1
        }
        if start < bytes.count { out.append(base + start, bytes.count - start) }
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
        var out = OutBuffer(capacity: text.utf8.count * 2 + 4)
        defer { out.free() }
        var s = text
        s.withUTF8 { appendText($0, to: &out) }
        return String(decoding: out.bytes, as: UTF8.self)
    }
}

/// JSON string escaping over UTF-8 bytes.
enum JSONWriter {
    static let hex = Array("0123456789abcdef".utf8)

    static func appendString(_ bytes: UnsafeBufferPointer<UInt8>?, to out: inout OutBuffer) {
        guard let bytes else { out.append(RowWriter.null); return }
        out.append(34)
        var plain = true
        for b in bytes where b < 32 || b == 34 || b == 92 { plain = false; break }
        if plain { out.append(bytes); out.append(34); return }
        for b in bytes {
            switch b {
            case 34: out.append(92); out.append(34)
            case 92: out.append(92); out.append(92)
            case 10: out.append(92); out.append(110)
            case 13: out.append(92); out.append(114)
            case 9: out.append(92); out.append(116)
            case 0..<32:
                out.append([92, 117, 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: out.append(b)
            }
        }
        out.append(34)
    }
}
