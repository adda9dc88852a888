import AidExtraction
import Foundation

/// A rate used to convert amounts: 1 `from` = `rate` `to`, valid for `date` (the article's
/// published date), taken from the rates stored for `rateDate` (the same day or the nearest
/// earlier one within the allowed age). `method` says how it was found.
public struct RateUse: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable { case identity, direct, inverse, viaEUR = "via EUR" }
    public var from: String
    public var to: String
    public var date: String
    public var rateDate: String
    public var rate: Decimal
    public var method: Method
    /// The same rate as an exact ratio of two positive integers (`ratioNumerator` /
    /// `ratioDenominator`), built from the stored decimal texts without any rounding; 0/0 when
    /// it does not fit in `Int64` (then `convert` falls back to `Decimal`).
    var ratioNumerator: Int64 = 0
    var ratioDenominator: Int64 = 0

    /// `cents` converted at this rate and rounded half-even to whole cents, nil when the result
    /// does not fit in `Int64`. With an exact ratio (every rate read from the table has one unless
    /// its digits overflow) this is integer arithmetic: `cents × num / den`, rounded once, so a
    /// cross rate through EUR is never rounded before it is applied. Otherwise `Decimal`
    /// multiplication, rounded half-even.
    func convert(_ cents: Int64) -> Int64? {
        if ratioDenominator > 0 {
            let n = Int128(cents) * Int128(ratioNumerator)   // |cents| < 2^63, num < 2^63: fits
            let d = Int128(ratioDenominator)
            let negative = n < 0
            let m = negative ? -n : n
            var q = m / d
            let r = m - q * d
            if r * 2 > d || (r * 2 == d && q % 2 == 1) { q += 1 }
            let v = negative ? -q : q
            guard v >= Int128(Int64.min), v <= Int128(Int64.max) else { return nil }
            return Int64(v)
        }
        var value = Decimal(cents) * rate
        return Cents.roundedInteger(&value)
    }

    /// The rate rounded half-even to 8 decimal places, as plain text (for display and export).
    public var rateText: String {
        var r = rate, out = Decimal()
        NSDecimalRound(&out, &r, 8, .bankers)
        return out.description
    }
}

/// An exact positive ratio of integers, reduced; nil on overflow.
struct Ratio {
    var num: Int64
    var den: Int64

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 { var a = a, b = b; while b != 0 { (a, b) = (b, a % b) }; return a }

    init?(num: Int64, den: Int64) {
        guard num > 0, den > 0 else { return nil }
        let g = Ratio.gcd(num, den)
        self.num = num / g; self.den = den / g
    }

    /// A plain positive decimal text ("1.0856", "161.2", "7") as digits / 10^scale.
    init?(decimalText s: String) {
        var n: Int64 = 0, scale: Int64 = 1, afterDot = false
        for c in s.utf8 {
            if c == 46 { guard !afterDot else { return nil }; afterDot = true; continue }
            guard c >= 48, c <= 57 else { return nil }
            let (a, o1) = n.multipliedReportingOverflow(by: 10)
            let (b, o2) = a.addingReportingOverflow(Int64(c - 48))
            guard !o1, !o2 else { return nil }
            n = b
            if afterDot {
                let (t, o3) = scale.multipliedReportingOverflow(by: 10)
                guard !o3 else { return nil }
                scale = t
            }
        }
        self.init(num: n, den: scale)
    }

    var inverse: Ratio { Ratio(unreduced: den, num) }
    private init(unreduced num: Int64, _ den: Int64) { self.num = num; self.den = den }

    /// self / other, nil on overflow.
    func divided(by o: Ratio) -> Ratio? {
        let (a, o1) = num.multipliedReportingOverflow(by: o.den)
        let (b, o2) = den.multipliedReportingOverflow(by: o.num)
        guard !o1, !o2 else { return nil }
        return Ratio(num: a, den: b)
    }

}

/// Day arithmetic on YYYY-MM-DD strings (proleptic Gregorian), without Foundation calendars.
enum CivilDate {
    /// Days since 1970-01-01 of a valid ISO date.
    static func days(_ s: String) -> Int? {
        guard Article.isISODate(s) else { return nil }
        let b = Array(s.utf8)
        func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(b[$1] - 48) } }
        var y = num(0..<4)
        let m = num(5..<7), d = num(8..<10)
        y -= m <= 2 ? 1 : 0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// ISO date of a day count since 1970-01-01.
    static func string(_ z0: Int) -> String {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// `s` minus `n` days.
    static func minus(_ s: String, days n: Int) -> String? { days(s).map { string($0 - n) } }
}

/// Finds rates in the `rates` table with a per-query cache. ECB rates are stored as
/// EUR -> quote, so a pair with neither side EUR crosses through EUR.
final class RateBook {
    private let find: Statement
    private let maxAge: Int
    private var cache: [String: RateUse?] = [:]
    /// Created once: building a Locale per parsed rate was a large share of converted totals.
    private let posix = Locale(identifier: "en_US_POSIX")

    init(database: Database, maxAge: Int) throws {
        find = try database.prepare("""
            SELECT date, rate FROM rates WHERE base = ? AND quote = ? AND date <= ? AND date >= ?
            ORDER BY date DESC LIMIT 1
            """)
        self.maxAge = maxAge
    }

    /// The rate converting `from` into `to` for `date`, or nil when none is in the window.
    func rate(from: String, to: String, date: String?) throws -> RateUse? {
        if from == to { return use(from, to, date ?? "", date ?? "", 1, Ratio(num: 1, den: 1), .identity) }
        guard let date else { return nil }
        let key = from + to + date
        if let hit = cache[key] { return hit }
        let found = try lookup(from: from, to: to, date: date)
        cache[key] = found
        return found
    }

    private func leg(_ base: String, _ quote: String, _ date: String, _ earliest: String) throws -> (String, Decimal, Ratio?)? {
        try find.bind(base, at: 1)
        try find.bind(quote, at: 2)
        try find.bind(date, at: 3)
        try find.bind(earliest, at: 4)
        defer { find.reset() }
        guard try find.step(), let d = find.string(0), let text = find.string(1),
              let r = Decimal(string: text, locale: posix), r > 0 else { return nil }
        return (d, r, Ratio(decimalText: text))
    }

    private func use(_ from: String, _ to: String, _ date: String, _ rateDate: String, _ rate: Decimal,
                     _ ratio: Ratio?, _ method: RateUse.Method) -> RateUse {
        var u = RateUse(from: from, to: to, date: date, rateDate: rateDate, rate: rate, method: method)
        if let ratio { u.ratioNumerator = ratio.num; u.ratioDenominator = ratio.den }
        return u
    }

    private func lookup(from: String, to: String, date: String) throws -> RateUse? {
        guard let earliest = CivilDate.minus(date, days: max(0, maxAge)) else { return nil }
        if let (d, r, q) = try leg(from, to, date, earliest) {
            return use(from, to, date, d, r, q, .direct)
        }
        if let (d, r, q) = try leg(to, from, date, earliest) {
            return use(from, to, date, d, 1 / r, q?.inverse, .inverse)
        }
        guard from != "EUR", to != "EUR" else { return nil }
        // 1 from = (EUR->to) / (EUR->from) to. Each leg may also be stored the other way round.
        func eurTo(_ c: String) throws -> (String, Decimal, Ratio?)? {
            if let x = try leg("EUR", c, date, earliest) { return x }
            if let (d, r, q) = try leg(c, "EUR", date, earliest) { return (d, 1 / r, q?.inverse) }
            return nil
        }
        guard let (d1, perFrom, qFrom) = try eurTo(from), let (d2, perTo, qTo) = try eurTo(to) else { return nil }
        // The older of the two legs is the date the cross rate is reported at.
        let ratio = qTo.flatMap { t in qFrom.flatMap { t.divided(by: $0) } }
        return use(from, to, date, min(d1, d2), perTo / perFrom, ratio, .viaEUR)
    }
}

/// One rate read from a rate file: 1 `base` = `rate` `quote` on `date` (YYYY-MM-DD), the rate
/// as written (a positive plain decimal, "0" prefixed when it starts with ".").
public struct RateRow: Sendable, Hashable {
    public var date: String
    public var base: String
    public var quote: String
    public var rate: String
    public init(date: String, base: String, quote: String, rate: String) {
        self.date = date; self.base = base; self.quote = quote; self.rate = rate
    }
}

/// The rate-file parser, apart from the database: text in, rows out (no SQLite, no files).
public enum RateFile {
    /// Parses CSV rate text into the rows `Ledger.importRates` stores, in file order (a rate
    /// given twice is returned twice; the later one wins when stored). Two layouts are accepted:
    /// - the ECB reference-rate layout (`Date,USD,JPY,…`; each value is units of that currency
    ///   per 1 EUR; `N/A` or empty means no rate that day; a trailing comma is tolerated, as in
    ///   eurofxref-hist.csv; dates YYYY-MM-DD or "5 January 2024" as in eurofxref.csv);
    /// - a long layout with header `date,base,quote,rate`: 1 base = rate quote.
    /// A malformed line throws a `LedgerError` naming the line number.
    public static func parse(_ csvText: String) throws -> [RateRow] {
        // "\r\n" is one Character in Swift: split on both forms.
        var lines = csvText.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        func fields(_ line: Substring) -> [String] {
            line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        guard let headerIndex = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw LedgerError("rate file is empty")
        }
        var header = fields(lines[headerIndex])
        if header.count > 1, header.last == "" { header.removeLast() }
        let lowered = header.map { $0.lowercased() }
        let long = lowered == ["date", "base", "quote", "rate"]
        guard long || (lowered.first == "date" && header.count >= 2) else {
            throw LedgerError("rate file line \(headerIndex + 1): expected a header 'Date,USD,JPY,…' (ECB) or 'date,base,quote,rate'")
        }
        if !long {
            for (i, code) in header.enumerated().dropFirst() where !Ledger.isCurrencyCode(code) {
                throw LedgerError("rate file line \(headerIndex + 1): column \(i + 1) '\(code)' is not a currency code")
            }
        }
        var rows: [RateRow] = []
        for n in (headerIndex + 1)..<lines.count {
            let line = lines[n]
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let lineNo = n + 1
            var f = fields(line)
            if f.count == header.count + 1, f.last == "" { f.removeLast() }
            guard f.count == header.count else {
                throw LedgerError("rate file line \(lineNo): expected \(header.count) fields, found \(f.count)")
            }
            guard let date = Ledger.parseRateDate(f[0]) else {
                throw LedgerError("rate file line \(lineNo): '\(f[0])' is not a date (YYYY-MM-DD)")
            }
            if long {
                let base = f[1].uppercased(), quote = f[2].uppercased()
                guard Ledger.isCurrencyCode(base), Ledger.isCurrencyCode(quote) else {
                    throw LedgerError("rate file line \(lineNo): '\(f[1])' or '\(f[2])' is not a currency code")
                }
                guard let rate = Ledger.normalisedRate(f[3]) else {
                    throw LedgerError("rate file line \(lineNo): '\(f[3])' is not a positive decimal rate")
                }
                rows.append(RateRow(date: date, base: base, quote: quote, rate: rate))
            } else {
                for i in 1..<f.count {
                    let v = f[i]
                    if v.isEmpty || v.uppercased() == "N/A" { continue }
                    guard let rate = Ledger.normalisedRate(v) else {
                        throw LedgerError("rate file line \(lineNo): '\(v)' for \(header[i]) is not a positive decimal rate or N/A")
                    }
                    rows.append(RateRow(date: date, base: "EUR", quote: header[i].uppercased(), rate: rate))
                }
            }
        }
        return rows
    }
}

extension Ledger {
    /// Imports exchange rates from CSV text and returns how many rates were read (re-importing
    /// updates, never duplicates). The layouts are those of `RateFile.parse`.
    /// Everything is imported in one transaction; a malformed line throws a `LedgerError` naming
    /// the line number and nothing is stored.
    @discardableResult
    public func importRates(csvText: String) throws -> Int {
        let rows = try RateFile.parse(csvText)
        return try database.transaction {
            let upsert = try database.prepare("""
                INSERT INTO rates(date, base, quote, rate) VALUES (?, ?, ?, ?)
                ON CONFLICT(base, quote, date) DO UPDATE SET rate = excluded.rate
                """)
            for row in rows {
                try upsert.bind(row.date, at: 1); try upsert.bind(row.base, at: 2)
                try upsert.bind(row.quote, at: 3); try upsert.bind(row.rate, at: 4)
                try upsert.run()
            }
            return rows.count
        }
    }

    static func isCurrencyCode(_ s: String) -> Bool {
        let b = Array(s.uppercased().utf8)
        return b.count == 3 && b.allSatisfy { (65...90).contains($0) }
    }

    /// A positive plain decimal ("1.0856", "161.2", "7"), returned as written; nil otherwise.
    static func normalisedRate(_ s: String) -> String? {
        var digits = 0, dots = 0, nonZero = false
        for c in s.utf8 {
            if c == 46 { dots += 1 } else if (48...57).contains(c) { digits += 1; if c != 48 { nonZero = true } } else { return nil }
        }
        guard digits > 0, dots <= 1, nonZero, s.utf8.first != 46 || digits > 0 else { return nil }
        return s.hasPrefix(".") ? "0" + s : s
    }

    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august",
                             "september", "october", "november", "december"]

    /// YYYY-MM-DD, or "5 January 2024" as the ECB's daily file writes it.
    static func parseRateDate(_ s: String) -> String? {
        if Article.isISODate(s) { return s }
        let parts = s.split(separator: " ")
        guard parts.count == 3, let d = Int(parts[0]), let y = Int(parts[2]), (1...9999).contains(y),
              let m = monthNames.firstIndex(of: parts[1].lowercased()) else { return nil }
        let iso = String(format: "%04d-%02d-%02d", y, m + 1, d)
        return Article.isISODate(iso) ? iso : nil
    }

    /// Number of stored rates.
    public func rateCount() throws -> Int { Int(try database.scalarInt("SELECT COUNT(*) FROM rates") ?? 0) }
}
