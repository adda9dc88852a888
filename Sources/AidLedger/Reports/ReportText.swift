import Foundation

/// Text helpers of the HTML report: escaping, amounts as `totals` prints them, safe links.
enum ReportText {
    /// `s` with `&`, `<`, `>`, `"` and `'` escaped, so that it is text in an element or a quoted
    /// attribute value; control characters other than tab, newline and carriage return (never
    /// valid in HTML) become U+FFFD.
    static func escape(_ s: String) -> String {
        var needs = false
        for b in s.utf8 where b == 38 || b == 60 || b == 62 || b == 34 || b == 39 || (b < 32 && b != 9 && b != 10 && b != 13) || b == 127 {
            needs = true
            break
        }
        guard needs else { return s }
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            switch c {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            case "\t", "\n", "\r": out.append(c)
            default:
                if c.value < 32 || c.value == 127 { out.append("\u{FFFD}") } else { out.append(c) }
            }
        }
        return String(out)
    }

    /// Cents as `aidledger totals` prints them: thousands separators and two decimals
    /// (123456 -> "1,234.56").
    static func amount(_ cents: Int64) -> String {
        let negative = cents < 0
        let magnitude = cents.magnitude
        let frac = magnitude % 100
        let digits = Array(String(magnitude / 100))
        var whole = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { whole.append(",") }
            whole.append(d)
        }
        return (negative ? "-" : "") + whole + "." + (frac < 10 ? "0" : "") + String(frac)
    }

    /// Cents as a plain decimal with two places, for data attributes (123456 -> "1234.56").
    static func plainAmount(_ cents: Int64) -> String {
        let magnitude = cents.magnitude
        let frac = magnitude % 100
        return (cents < 0 ? "-" : "") + String(magnitude / 100) + "." + (frac < 10 ? "0" : "") + String(frac)
    }

    /// A whole number with thousands separators (1005 -> "1,005").
    static func count(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var out = n < 0 ? "-" : ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }

    /// `url` when it is an absolute http(s) URL that is safe as a link target (no spaces or
    /// control characters), else nil: anything else is shown as text, never linked.
    static func httpURL(_ url: String?) -> String? {
        guard let url = url?.trimmingCharacters(in: .whitespacesAndNewlines), !url.isEmpty else { return nil }
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), url.count > 8 else { return nil }
        guard !url.unicodeScalars.contains(where: { $0.value <= 32 || $0.value == 127 }) else { return nil }
        return url
    }

    /// A coordinate with at most one decimal ("12", "12.5").
    static func coord(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// `s` cut to `n` characters with an ellipsis.
    static func shortened(_ s: String, to n: Int) -> String {
        s.count <= n ? s : String(s.prefix(max(1, n - 1))) + "…"
    }

    /// "1 flow", "2 flows".
    static func plural(_ n: Int, _ word: String) -> String {
        "\(count(n)) \(word)\(n == 1 ? "" : "s")"
    }
}
