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
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .bankers)
        guard !rounded.isNaN else { return nil }
        // Decimal prints integers as plain digits; Int64(String) rejects anything out of range.
        // (Decimal's stored fields are internal to Foundation, so the public text is the exact route.)
        return Int64(rounded.description)
    }

    /// Plain decimal text of `value` without exponent or trailing fractional zeros
    /// ("3000000000", "1.25", "0.125"); the form mentions store.
    public static func plainString(_ value: Decimal) -> String {
        value.description  // Foundation prints plain digits, never an exponent, no trailing zeros
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
