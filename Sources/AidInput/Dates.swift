import AidExtraction

/// Publication dates as pages and feeds write them, normalised to a UTC calendar date
/// (YYYY-MM-DD). A date and time with a zone is converted to UTC first
/// ("Tue, 01 Apr 2025 23:30:00 -0200" is 2025-04-02); a date alone, or a time without a zone,
/// is the date as written.
public enum UTCDate {
    /// The UTC calendar date of `text`, or nil when it is not a date this understands:
    /// ISO 8601 / RFC 3339 (`2025-04-01`, `2025-04-01T23:30:00-02:00`, `2025-04-01 23:30Z`,
    /// `20250401`), RFC 822 / 1123 as RSS writes it (`Tue, 01 Apr 2025 23:30:00 -0200`, zone
    /// names GMT, UT, UTC, Z, EST…PDT), and `1 April 2025`, `April 1, 2025`.
    public static func normalize(_ text: String) -> String? {
        let s = Array(TextFold.fold(text).utf8)
        guard !s.isEmpty, s.count < 200 else { return nil }
        if let d = iso(s) ?? rfc822(s) { return d }
        return nil
    }

    // MARK: calendar arithmetic (proleptic Gregorian, days since 1970-01-01)

    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// The date `y-m-d` at `minutes` past midnight in a zone `offset` minutes east of UTC, as a
    /// UTC date; nil for an impossible date.
    static func utcDate(_ y: Int, _ m: Int, _ d: Int, minutes: Int, offset: Int?) -> String? {
        guard (1...9999).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
        let written = format(y, m, d)
        guard Article.isISODate(written) else { return nil }
        guard let offset else { return written }
        let total = daysFromCivil(y, m, d) * 1440 + minutes - offset
        let days = Int((Double(total) / 1440).rounded(.down))
        let (yy, mm, dd) = civilFromDays(days)
        return format(yy, mm, dd)
    }

    static func format(_ y: Int, _ m: Int, _ d: Int) -> String {
        func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    // MARK: scanning

    private struct Scanner {
        let s: [UInt8]
        var i = 0
        init(_ s: [UInt8]) { self.s = s }
        var atEnd: Bool { i >= s.count }
        var peek: UInt8? { i < s.count ? s[i] : nil }
        mutating func digits(_ min: Int, _ max: Int) -> Int? {
            var n = 0, v = 0
            while i < s.count, n < max, s[i] >= 48, s[i] <= 57 { v = v * 10 + Int(s[i] - 48); i += 1; n += 1 }
            if n < min { i -= n; return nil }
            return v
        }
        mutating func eat(_ c: Character) -> Bool {
            if let p = peek, p == c.asciiValue! { i += 1; return true }
            return false
        }
        mutating func spaces() { while let p = peek, p == 32 || p == 9 { i += 1 } }
        mutating func word() -> String {
            var w: [UInt8] = []
            while let p = peek, (p >= 65 && p <= 90) || (p >= 97 && p <= 122) { w.append(p); i += 1 }
            return String(decoding: w, as: UTF8.self).lowercased()
        }
    }

    /// hh:mm[:ss[.fff]] -> minutes past midnight.
    private static func time(_ sc: inout Scanner) -> Int? {
        let save = sc.i
        guard let h = sc.digits(1, 2), sc.eat(":"), let mi = sc.digits(2, 2) else { sc.i = save; return nil }
        if sc.eat(":") {
            guard sc.digits(2, 2) != nil else { sc.i = save; return nil }
            if sc.eat(".") || sc.eat(",") { _ = sc.digits(1, 9) }
        }
        guard h <= 24, mi < 60 else { sc.i = save; return nil }
        return h * 60 + mi
    }

    /// Z, ±hh:mm, ±hhmm, ±hh -> minutes east of UTC.
    private static func numericZone(_ sc: inout Scanner) -> Int?? {
        if sc.eat("Z") || sc.eat("z") { return .some(0) }
        guard let p = sc.peek, p == UInt8(ascii: "+") || p == UInt8(ascii: "-") else { return .none }
        let save = sc.i
        sc.i += 1
        guard let hh = sc.digits(2, 2) else { sc.i = save; return .none }
        var mm = 0
        if sc.eat(":") {
            guard let v = sc.digits(2, 2) else { sc.i = save; return .none }
            mm = v
        } else if let v = sc.digits(2, 2) {
            mm = v
        }
        guard hh <= 18, mm < 60 else { return .none }
        let sign = p == UInt8(ascii: "-") ? -1 : 1
        return .some(sign * (hh * 60 + mm))
    }

    private static func iso(_ s: [UInt8]) -> String? {
        var sc = Scanner(s)
        guard let y = sc.digits(4, 4) else { return nil }
        let m: Int, d: Int
        if sc.eat("-") {
            guard let mm = sc.digits(1, 2), sc.eat("-"), let dd = sc.digits(1, 2) else { return nil }
            m = mm; d = dd
        } else if sc.eat("/") {
            guard let mm = sc.digits(1, 2), sc.eat("/"), let dd = sc.digits(1, 2) else { return nil }
            m = mm; d = dd
        } else {
            guard let mm = sc.digits(2, 2), let dd = sc.digits(2, 2) else { return nil }
            m = mm; d = dd
        }
        if sc.atEnd { return utcDate(y, m, d, minutes: 0, offset: nil) }
        guard sc.eat("T") || sc.eat("t") || sc.eat(" ") else {
            return nil
        }
        sc.spaces()
        guard let minutes = time(&sc) else {
            // "2025-04-01 (updated …)" and the like: the date as written.
            return s[sc.i...].isEmpty ? nil : utcDate(y, m, d, minutes: 0, offset: nil)
        }
        sc.spaces()
        let zone: Int?
        switch numericZone(&sc) {
        case let .some(z): zone = z
        case .none:
            let w = sc.word()
            zone = namedZone(w).map { $0 }
        }
        return utcDate(y, m, d, minutes: minutes, offset: zone)
    }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func month(_ w: String) -> Int? {
        guard w.count >= 3 else { return nil }
        let full = ["january", "february", "march", "april", "may", "june", "july", "august",
                    "september", "october", "november", "december"]
        if let i = full.firstIndex(of: w) { return i + 1 }
        if w == "sept" { return 9 }
        if w.count == 3, let i = months.firstIndex(of: w) { return i + 1 }
        return nil
    }

    static func namedZone(_ w: String) -> Int? {
        switch w {
        case "gmt", "ut", "utc", "z": return 0
        case "est": return -300
        case "edt": return -240
        case "cst": return -360
        case "cdt": return -300
        case "mst": return -420
        case "mdt": return -360
        case "pst": return -480
        case "pdt": return -420
        case "bst": return 60
        case "cet": return 60
        case "cest": return 120
        case "eet": return 120
        case "eest": return 180
        default: return nil
        }
    }

    /// `[Tue, ]01 Apr 2025[ 23:30[:00] [zone]]`, and `April 1, 2025`.
    private static func rfc822(_ s: [UInt8]) -> String? {
        var sc = Scanner(s)
        sc.spaces()
        var w = sc.word()
        if !w.isEmpty, month(w) == nil {
            // a weekday
            _ = sc.eat(","); sc.spaces()
            w = sc.word()
        }
        var day: Int?, mon: Int?, year: Int?
        if let m = month(w) {
            // "April 1, 2025"
            sc.spaces()
            guard let d = sc.digits(1, 2) else { return nil }
            _ = sc.word()  // st, nd, rd, th
            _ = sc.eat(","); sc.spaces()
            guard let y = sc.digits(4, 4) else { return nil }
            day = d; mon = m; year = y
        } else {
            guard w.isEmpty else { return nil }
            guard let d = sc.digits(1, 2) else { return nil }
            _ = sc.word().isEmpty  // 1st
            _ = sc.eat("-") || sc.eat(" ")
            sc.spaces()
            guard let m = month(sc.word()) else { return nil }
            _ = sc.eat("-") || sc.eat(",")
            sc.spaces()
            guard let y = sc.digits(2, 4) else { return nil }
            day = d; mon = m; year = y < 100 ? (y < 50 ? 2000 + y : 1900 + y) : y
        }
        guard let day, let mon, let year else { return nil }
        sc.spaces()
        _ = sc.eat(","); sc.spaces()
        if sc.atEnd { return utcDate(year, mon, day, minutes: 0, offset: nil) }
        guard let minutes = time(&sc) else { return utcDate(year, mon, day, minutes: 0, offset: nil) }
        sc.spaces()
        var zone: Int? = nil
        switch numericZone(&sc) {
        case let .some(z): zone = z
        case .none:
            let name = sc.word()
            zone = namedZone(name)
            if zone == nil, name.isEmpty { zone = nil }
            // A lone military letter or an unknown name: read as UTC, as RFC 822 says for "no zone".
            if zone == nil, !name.isEmpty { zone = 0 }
        }
        // RSS dates without a zone are read as UTC.
        return utcDate(year, mon, day, minutes: minutes, offset: zone ?? 0)
    }
}
