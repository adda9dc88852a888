import Foundation

/// Money in the ledger is an `Int64` count of hundredths of the currency's major unit ("cents"),
/// so SQL sums stay exact. This type converts to and from the extraction library's `Decimal`
/// and renders cents as a plain decimal number in major units: no thousands separators, no
/// trailing zeros ("500000000", "1.25", "0.5", "-3"), the form CSV and JSON exports use.
public enum Cents {
    /// `amount` major units as cents, rounded half-even (a sub-cent figure is rounded; its
    /// surface text is kept with the mention). Nil when the result does not fit in `Int64`.
    public static func from(_ amount: Decimal) -> Int64? {
        var scaled = amount * 100
        return roundedInteger(&scaled)
    }

    /// `value` rounded half-even to an integer, nil when it does not fit in `Int64`.
    public static func roundedInteger(_ value: inout Decimal) -> Int64? {
        guard !value.isNaN else { return nil }
        if let exact = DecimalParts(value), exact.exponent >= 0, let v = exact.int64 { return v }  // already whole
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .bankers)
        guard !rounded.isNaN else { return nil }
        if let parts = DecimalParts(rounded), let v = parts.int64 { return v }
        // Mantissa beyond 64 bits: Decimal prints integers as plain digits and Int64(String)
        // rejects anything out of range.
        return Int64(rounded.description)
    }

    /// Plain decimal text of `value` without exponent or trailing fractional zeros
    /// ("3000000000", "1.25", "0.125"); the form mentions store. Fast path for 64-bit mantissas.
    public static func plainString(_ value: Decimal) -> String {
        guard let p = DecimalParts(value) else { return value.description }
        var digits = [UInt8]()
        appendDigits(p.mantissa, to: &digits)
        var out = [UInt8]()
        out.reserveCapacity(digits.count + 4)
        if p.negative && p.mantissa != 0 { out.append(UInt8(ascii: "-")) }
        if p.exponent >= 0 {
            out += digits
            if p.mantissa != 0 { out += repeatElement(UInt8(ascii: "0"), count: p.exponent) }
        } else {
            let point = digits.count + p.exponent
            if point <= 0 {
                out += [UInt8(ascii: "0"), UInt8(ascii: ".")]
                out += repeatElement(UInt8(ascii: "0"), count: -point)
                out += digits
            } else {
                out += digits[..<point]
                out.append(UInt8(ascii: "."))
                out += digits[point...]
            }
            while out.last == UInt8(ascii: "0") { out.removeLast() }
            if out.last == UInt8(ascii: ".") { out.removeLast() }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Exact `Decimal` value of `cents` in major units.
    public static func decimal(_ cents: Int64) -> Decimal {
        Decimal(cents) / 100
    }

    /// Plain decimal string in major units, trailing zeros dropped: 150 -> "1.5", 100 -> "1".
    public static func string(_ cents: Int64) -> String {
        var out = [UInt8]()
        append(cents, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// For tables: major units with a comma every three digits and the same fraction rule as
    /// `string(_:)`: 50_000_000_000 -> "500,000,000", 125 -> "1.25", -150000 -> "-1,500".
    public static func grouped(_ cents: Int64) -> String {
        var plain = [UInt8]()
        append(cents, to: &plain)
        let negative = plain.first == UInt8(ascii: "-")
        let body = negative ? Array(plain.dropFirst()) : plain
        let dot = body.firstIndex(of: UInt8(ascii: ".")) ?? body.count
        var out = [UInt8]()
        if negative { out.append(UInt8(ascii: "-")) }
        for (i, b) in body[..<dot].enumerated() {
            if i > 0, (dot - i) % 3 == 0 { out.append(UInt8(ascii: ",")) }
            out.append(b)
        }
        out += body[dot...]
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the `string(_:)` form of `cents` as ASCII bytes (used by the exporters).
    @inline(__always)
    static func append(_ cents: Int64, to out: inout [UInt8]) {
        let negative = cents < 0
        let magnitude = cents.magnitude
        let whole = magnitude / 100, frac = magnitude % 100
        if negative { out.append(UInt8(ascii: "-")) }
        appendDigits(whole, to: &out)
        if frac != 0 {
            out.append(UInt8(ascii: "."))
            out.append(48 + UInt8(frac / 10))
            if frac % 10 != 0 { out.append(48 + UInt8(frac % 10)) }
        }
    }

    /// Appends the decimal digits of `value`.
    @inline(__always)
    static func appendDigits(_ value: UInt64, to out: inout [UInt8]) {
        if value < 10 { out.append(48 + UInt8(value)); return }
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var v = value, n = 0
        withUnsafeMutableBytes(of: &tmp) { buf in
            while v > 0 { buf[19 - n] = 48 + UInt8(v % 10); v /= 10; n += 1 }
            out.append(contentsOf: buf[(20 - n)...])
        }
    }

    static func appendInt(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude, to: &out)
    }
}

/// A finite `Decimal` whose mantissa fits in 64 bits, read from its stored fields (Foundation
/// keeps them internal, so the bytes are read: exponent Int8, then length (high 4 bits) and sign
/// (bit 3), two reserved bytes, then eight little-endian UInt16 mantissa words). The layout is
/// checked once against Foundation's own arithmetic; if it ever differs, `init` returns nil
/// and callers take the slower string route, so a layout change costs speed, never correctness.
struct DecimalParts {
    var mantissa: UInt64
    var exponent: Int
    var negative: Bool

    init?(_ d: Decimal) {
        guard DecimalParts.layoutVerified, let p = DecimalParts(raw: d) else { return nil }
        self = p
    }

    private init?(raw d: Decimal) {
        guard MemoryLayout<Decimal>.size == 20, !d.isNaN else { return nil }
        var parts: (m: UInt64, e: Int, neg: Bool)? = nil
        withUnsafeBytes(of: d) { b in
            let length = Int(b[1] >> 4)
            guard length <= 4 else { return }
            var v: UInt64 = 0
            for i in stride(from: length - 1, through: 0, by: -1) {
                v = v << 16 | UInt64(b[4 + 2 * i]) | UInt64(b[5 + 2 * i]) << 8
            }
            parts = (v, Int(Int8(bitPattern: b[0])), b[1] & 0x08 != 0)
        }
        guard let parts else { return nil }
        mantissa = parts.m; exponent = parts.e; negative = parts.neg
    }

    static let layoutVerified: Bool = {
        let samples = ["0", "1", "-1234.5", "0.125", "500000000", "3000000000.004", "-92233720368547758.07",
                       "18446744073709551615", "4.2e15", "1e-7"]
        for s in samples {
            guard let d = Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")),
                  let p = DecimalParts(raw: d) else { return false }
            let rebuilt = Decimal(sign: p.negative ? .minus : .plus, exponent: p.exponent, significand: Decimal(p.mantissa))
            guard rebuilt == d else { return false }
        }
        return true
    }()

    /// The value as an integer when it is whole and fits in `Int64`.
    var int64: Int64? {
        var v = mantissa, e = exponent
        while e < 0 {
            guard v % 10 == 0 else { return nil }
            v /= 10; e += 1
        }
        while e > 0 {
            let (r, o) = v.multipliedReportingOverflow(by: 10)
            guard !o else { return nil }
            v = r; e -= 1
        }
        if negative {
            guard v <= UInt64(Int64.max) + 1 else { return nil }
            return v == UInt64(Int64.max) + 1 ? Int64.min : -Int64(v)
        }
        guard v <= UInt64(Int64.max) else { return nil }
        return Int64(v)
    }
}
