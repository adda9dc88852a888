import Foundation

/// Indexes of the figures booked so far in one attribution run, so that the rules that look back
/// at earlier figures ("a restatement of", "part of the latest larger figure", "under the
/// facility") cost about the same per figure whatever the article's length, instead of scanning
/// every earlier figure. Each query returns exactly what the full backward scan would.
struct FigureIndex {
    /// (currency, amount bucket) -> figure indices in increasing order. The bucket is a slice of
    /// the amount's logarithm; amounts that are not positive and finite share one bucket.
    private var near: [BucketKey: [Int]] = [:]
    /// currency id -> figure indices whose amounts strictly decrease from bottom to top: a figure
    /// that is not larger than a later one can never be "the latest larger figure".
    private var larger: [[Int]] = []
    /// figure index -> amount
    private var amounts: [Decimal] = []
    /// figure index -> its amount as a double, to order amounts quickly (see `ExactOrder`)
    private var doubles: [Double] = []
    /// Last lower-cased word of a named mechanism -> latest figure with it.
    private var namedLast: [String: Int] = [:]

    struct BucketKey: Hashable {
        var currency: Int
        var bucket: Int
    }
    /// Currency code -> small integer (bucket keys hash two integers).
    private var currencyID: [String: Int] = [:]

    /// Buckets per unit of natural logarithm (one bucket spans a ratio of about 1.025).
    static let perLog = 40.0
    static let special = Int.min

    static func bucket(_ d: Double) -> Int {
        guard d > 0, d.isFinite else { return special }
        return Int((log(d) * perLog).rounded(.down))
    }

    /// Records figure `f` (money `m`, amount as a double `d`) after it has been appended.
    mutating func add(figure f: Int, money m: MoneyExpression, double d: Double, namedMechanism: String?) {
        precondition(f == amounts.count, "figures are recorded in order")
        amounts.append(m.amount)
        doubles.append(d)
        let c: Int
        if let known = currencyID[m.currency] {
            c = known
        } else {
            c = currencyID.count
            currencyID[m.currency] = c
            larger.append([])
        }
        near[BucketKey(currency: c, bucket: FigureIndex.bucket(d)), default: []].append(f)
        while let top = larger[c].last, !ExactOrder.less(m.amount, d, than: amounts[top], doubles[top]) { larger[c].removeLast() }
        larger[c].append(f)
        if let name = namedMechanism { namedLast[Tokenizer.lastWord(name)] = f }
    }

    /// The latest figure of `currency` that passes `matches`, where `matches` can only pass for
    /// figures whose amount (as a double) is within a few units in the last place of `d`
    /// (`exactOnly`) or within ratio 0.79 ... 1.26 of it. Buckets inside the ratio range are
    /// answered by their latest figure; only the edge buckets are scanned further.
    func latest(currency: String, double d: Double, exactOnly: Bool, where matches: (Int) -> Bool) -> Int? {
        guard let c = currencyID[currency] else { return nil }
        let b = FigureIndex.bucket(d)
        let lo: Int, hi: Int
        if b == FigureIndex.special {
            lo = b; hi = b
        } else if exactOnly {
            lo = b - 1; hi = b + 1
        } else {
            // d is positive and finite here; a margin of one bucket each side absorbs rounding
            let ld = log(d)
            lo = Int(((ld + log(0.79)) * FigureIndex.perLog).rounded(.down)) - 1
            hi = Int(((ld + log(1.26)) * FigureIndex.perLog).rounded(.down)) + 1
        }
        var best = -1
        if lo <= hi {
            for k in lo...hi {
                guard let list = near[BucketKey(currency: c, bucket: k)] else { continue }
                for f in list.reversed() {
                    if f <= best { break }
                    if matches(f) { best = f; break }
                }
            }
        }
        return best >= 0 ? best : nil
    }

    /// The latest figure in `currency` whose amount is larger than `amount`.
    func latestLarger(currency: String, than amount: Decimal, double d: Double) -> Int? {
        guard let c = currencyID[currency] else { return nil }
        let stack = larger[c]
        // amounts strictly decrease along the stack: those larger than `amount` form a prefix
        var lo = 0, hi = stack.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ExactOrder.less(amount, d, than: amounts[stack[mid]], doubles[stack[mid]]) { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? stack[lo - 1] : nil
    }

    /// The latest figure with a named mechanism whose last word is one of `words`.
    func latestNamed(lastWordIn words: [String]) -> Int? {
        var best: Int? = nil
        for w in words { if let f = namedLast[w], f > (best ?? -1) { best = f } }
        return best
    }
}

/// Orders two exact amounts through their doubles when those are clearly apart, and through
/// `Decimal` (slow: it normalises both) only when they are within a relative 1e-9 of each other.
/// A `Decimal` converts to the nearest double within a relative 1e-15, so the fast answer is
/// always the exact one.
enum ExactOrder {
    @inline(__always) static func less(_ a: Decimal, _ da: Double, than b: Decimal, _ db: Double) -> Bool {
        if da.isFinite && db.isFinite && abs(da - db) > 1e-9 * max(abs(da), abs(db)) { return da < db }
        return a < b
    }
}
