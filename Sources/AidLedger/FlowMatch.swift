import Foundation

/// The merge rule (docs/merging.md): when a figure reports a flow already in the ledger. Pure
/// values and tests only; the ledger looks candidates up and asks these functions.
public enum FlowMatch {
    /// A figure's amount as the merge rule sees it: cents, the high end of a range, the hedge,
    /// and the unit of its last stated digit (cents): 1e7 for "$1.23 billion".
    public struct Amount: Sendable, Hashable {
        public var cents: Int64
        public var maxCents: Int64?
        public var hedge: String?
        public var unit: Int64
        public init(cents: Int64, maxCents: Int64? = nil, hedge: String? = nil, unit: Int64 = 1) {
            self.cents = cents; self.maxCents = maxCents; self.hedge = hedge; self.unit = max(unit, 1)
        }

        /// The interval the figure stands for, times ten (exact, in 128 bits): a range is its
        /// ends; "nearly", "up to", "less than" X is [0.9X, X]; "about" X is [0.9X, 1.1X]; "more
        /// than", "at least" X is [X, 1.1X].
        var interval10: (lo: Wide, hi: Wide) {
            let x = Wide(cents, 10)
            if let m = maxCents { return (x, Wide(m, 10)) }
            switch hedge {
            case "nearly", "up to", "less than": return (Wide(cents, 9), x)
            case "about", "an estimated": return (Wide(cents, 9), Wide(cents, 11))
            case "more than", "at least": return (x, Wide(cents, 11))
            default: return (x, x)
            }
        }
    }

    /// A product of two Int64s, exact (the full 128-bit result), ordered like the product.
    struct Wide: Comparable {
        var high: Int64
        var low: UInt64
        init(_ a: Int64, _ b: Int64) { (high, low) = a.multipliedFullWidth(by: b) }
        static func < (x: Wide, y: Wide) -> Bool { (x.high, x.low) < (y.high, y.low) }
    }

    /// The widest cents range any amount agreeing with `a` can have (for the index lookup).
    public static func searchRange(_ a: Amount) -> ClosedRange<Int64> {
        let hi = a.maxCents ?? a.cents
        let lo = a.cents / 10 * 8        // 0.8x: the 5% rule, a hedge on either side, rounding
        let (h, o) = hi.multipliedReportingOverflow(by: 5)
        let top = o ? Int64.max : max(h / 4 + 1, hi)   // 1.25x
        return max(0, lo)...top
    }

    /// Amounts agree when they are equal at the coarser figure's stated precision, within 5% of
    /// the larger, or one lies within the other's hedge or range (their intervals overlap).
    public static func amountsAgree(_ a: Amount, _ b: Amount) -> Bool {
        if a.cents == b.cents, a.maxCents == b.maxCents { return true }
        let unit = max(a.unit, b.unit)
        if a.maxCents == nil, b.maxCents == nil, rounded(a.cents, unit) == rounded(b.cents, unit) { return true }
        // exact integer arithmetic (cents are positive, so the difference fits; products are 128-bit)
        let diff = a.cents > b.cents ? a.cents - b.cents : b.cents - a.cents
        if a.maxCents == nil, b.maxCents == nil, Wide(diff, 20) <= Wide(max(a.cents, b.cents), 1) { return true }
        guard a.hedge != nil || a.maxCents != nil || b.hedge != nil || b.maxCents != nil else { return false }
        let i = a.interval10, j = b.interval10
        return i.lo <= j.hi && j.lo <= i.hi
    }

    /// `cents` rounded half up to a multiple of `unit`.
    static func rounded(_ cents: Int64, _ unit: Int64) -> Int64 {
        guard unit > 1 else { return cents }
        let q = cents / unit, r = cents % unit
        return r * 2 >= unit ? q + 1 : q
    }

    /// The unit of the last digit a money expression states, in cents: "$1.23 billion" -> 1e9
    /// cents (0.01 billion), "$500 million" -> 1e8 (1 million), "$1,234.56" -> 1. Number words
    /// state one significant figure ("two billion" -> 1e11). Never more than the amount.
    public static func statedUnit(surface: String, cents: Int64) -> Int64 {
        guard cents > 0 else { return 1 }
        // The digits of the first number written with digits (separators and a decimal point skipped).
        var digits: [UInt8] = [], started = false
        for b in surface.utf8 {
            if b >= 48, b <= 57 { digits.append(b - 48); started = true }
            else if started, b == UInt8(ascii: ".") || b == UInt8(ascii: ",") || b == UInt8(ascii: " ") { continue }
            else if started { break }
        }
        guard !digits.isEmpty else { return magnitude(cents) }
        // value of the written number scaled to its last digit, then amount / that = unit
        var written: Int64 = 0
        for d in digits.prefix(18) { written = written * 10 + Int64(d) }
        guard written > 0 else { return 1 }
        // cents / written is the unit of the last digit when the amount is written * scale
        let unit = cents / written
        return max(1, min(unit, magnitude(cents)))
    }

    /// The largest power of ten not above `cents`.
    static func magnitude(_ cents: Int64) -> Int64 {
        var m: Int64 = 1
        while m <= cents / 10 { m *= 10 }
        return m
    }

    /// Mechanisms contradict when both are named and neither's significant words include the
    /// other's ("ERA Loans" agrees with "Extraordinary Revenue Acceleration (ERA) Loans";
    /// "Ukraine Facility" contradicts "European Peace Facility"; a generic "aid package" agrees
    /// with anything).
    public static func mechanismsAgree(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return true }
        let x = significantWords(a), y = significantWords(b)
        if x.isEmpty || y.isEmpty { return true }
        return x.isSubset(of: y) || y.isSubset(of: x)
    }

    static let genericWords: Set<String> = [
        "the", "a", "an", "of", "for", "to", "in", "and", "on", "new", "additional", "latest", "first", "second",
        "aid", "package", "packages", "assistance", "support", "funding", "funds", "fund", "military", "financial",
        "humanitarian", "development", "economic", "security", "defence", "defense", "emergency", "tranche",
        // words of a report's stage or form, not of an instrument: "the disbursement" of a facility,
        // "its pledge" of a package, an IMF "arrangement" under a named facility
        "pledge", "pledges", "commitment", "commitments", "disbursement", "disbursements", "contribution",
        "contributions", "allocation", "allocations", "donation", "donations", "payment", "payments",
        "arrangement", "arrangements",
    ]

    static func significantWords(_ s: String) -> Set<String> {
        var out: Set<String> = [], word = ""
        for ch in s.lowercased() {
            if ch.isLetter || ch.isNumber { word.append(ch) } else if !word.isEmpty {
                if !genericWords.contains(word) { out.insert(word) }
                word = ""
            }
        }
        if !word.isEmpty, !genericWords.contains(word) { out.insert(word) }
        return out
    }

    /// Parties agree when equal or unknown on one side.
    public static func partiesAgree(_ a: Int64?, _ b: Int64?) -> Bool { a == nil || b == nil || a == b }

    /// An article dated `date` may join a flow whose dated sources span `first`...`latest` when
    /// it falls within `window` days of that span; an undated article or flow always may.
    public static func withinWindow(_ date: String?, first: String?, latest: String?, window: Int) -> Bool {
        guard let date, let d = CivilDate.days(date) else { return true }
        guard let f = first.flatMap(CivilDate.days), let l = latest.flatMap(CivilDate.days) else { return true }
        return d >= f - window && d <= l + window
    }
}
