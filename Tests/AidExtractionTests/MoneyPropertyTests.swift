import Foundation
import Testing
@testable import AidExtraction

/// A small seeded generator (SplitMix64), so every run checks the same cases.
struct MoneyRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }
}

/// English words for 1...999 ("three hundred forty-two").
func moneyWords(_ n: Int) -> String {
    let units = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
    let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    var parts: [String] = []
    if n >= 100 { parts.append(units[n / 100] + " hundred") }
    let r = n % 100
    if r > 0 {
        if r < 20 { parts.append(units[r]) } else { parts.append(tens[r / 10] + (r % 10 > 0 ? "-" + units[r % 10] : "")) }
    }
    return parts.joined(separator: " ")
}

@Suite("Money recogniser: round trips")
struct MoneyPropertyTests {
    /// (currency, symbols written before the number, codes, names written after).
    static let currencies: [(iso: String, symbols: [String], names: [String])] = [
        ("USD", ["$", "US$"], ["dollars", "US dollars"]),
        ("EUR", ["€"], ["euros", "Euros"]),
        ("GBP", ["£"], ["pounds", "pounds sterling"]),
        ("JPY", ["¥"], ["yen"]),
        ("UAH", ["₴"], ["hryvnias"]),
        ("CAD", ["C$"], ["Canadian dollars"]),
        ("AUD", ["A$"], ["Australian dollars"]),
        ("CHF", [], ["Swiss francs"]),
        ("SEK", [], ["kronor"]),
        ("PLN", [], ["zlotys"]),
        ("INR", ["₹"], ["rupees"]),
    ]
    static let scales: [(words: [String], abbr: [String], exp: Int)] = [
        ([""], [""], 0), (["thousand"], ["k"], 3), (["million"], ["m", "mn"], 6), (["billion"], ["bn"], 9),
        (["trillion"], ["tn"], 12),
    ]
    static let hedges: [(String, String)] = [
        ("", ""), ("nearly", "nearly"), ("about", "about"), ("more than", "more than"), ("up to", "up to"),
        ("at least", "at least"), ("roughly", "about"), ("an estimated", "an estimated"),
    ]
    static let frames = [
        ("The ministry said it would provide ", " for reconstruction."),
        ("Donors pledged ", " on Tuesday, officials said."),
        ("In 2024, the bank approved ", " in new loans to 12 regions."),
    ]

    struct Rendered { var text: String; var amount: Decimal; var max: Decimal?; var iso: String; var hedge: String? }

    static func render(_ r: inout MoneyRandom) -> Rendered {
        let c = r.pick(currencies)
        let sc = r.pick(scales)
        let hedge = r.pick(hedges)
        let style = r.int(0...5)
        let whole = r.int(1...999)
        var digits = String(whole)
        // Decimals only with a scale, as the press writes them ("2.5 billion").
        if sc.exp > 0 && r.int(0...2) == 0 { digits += "." + String(r.int(1...9)) }
        let amount = Decimal(string: digits)! * Decimal(sign: .plus, exponent: sc.exp, significand: 1)
        let code = c.iso
        let scaleWord = r.pick(sc.words)
        let spacedScale = scaleWord.isEmpty ? "" : " " + scaleWord
        var body: String
        let maxAmount: Decimal? = nil
        switch style {
        case 0 where !c.symbols.isEmpty:  // symbol before, scale word or abbreviation
            let abbr = r.pick(sc.abbr)
            body = r.pick(c.symbols) + digits + (r.int(0...1) == 0 ? abbr : spacedScale)
        case 1:  // code before
            body = code + " " + digits + spacedScale
        case 2:  // code after
            body = digits + spacedScale + " " + code
        case 3:  // name after
            body = digits + spacedScale + " " + r.pick(c.names)
        case 4:  // number words
            digits = String(whole)
            body = moneyWords(whole) + spacedScale + " " + r.pick(c.names)
            let a = Decimal(whole) * Decimal(sign: .plus, exponent: sc.exp, significand: 1)
            return Rendered(text: hedge.0.isEmpty ? body : hedge.0 + " " + body, amount: a, max: nil, iso: c.iso,
                            hedge: hedge.1.isEmpty ? nil : hedge.1)
        default:  // a range with a shared scale and currency: "USD 3-7 billion"
            let hi = whole + r.int(1...50)
            body = code + " " + String(whole) + "-" + String(hi) + spacedScale
            let m = Decimal(sign: .plus, exponent: sc.exp, significand: 1)
            return Rendered(text: body, amount: Decimal(whole) * m, max: Decimal(hi) * m, iso: c.iso, hedge: nil)
        }
        return Rendered(text: hedge.0.isEmpty ? body : hedge.0 + " " + body, amount: amount, max: maxAmount, iso: c.iso,
                        hedge: hedge.1.isEmpty ? nil : hedge.1)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func renderedAmountsParseBack(_ seed: UInt64) {
        var r = MoneyRandom(state: seed)
        let recognizer = MoneyRecognizer()
        for _ in 0..<250 {
            let x = MoneyPropertyTests.render(&r)
            let frame = r.pick(MoneyPropertyTests.frames)
            let text = frame.0 + x.text + frame.1
            let found = recognizer.recognize(text)
            guard found.count == 1 else {
                Issue.record("\(text): \(found.map(\.text))")
                continue
            }
            let m = found[0]
            #expect(m.amount == x.amount, "\(text): \(m.amount)")
            #expect(m.amountMax == x.max, "\(text): max \(String(describing: m.amountMax))")
            #expect(m.currency == x.iso, "\(text): \(m.currency)")
            #expect(m.hedge == x.hedge, "\(text): hedge \(String(describing: m.hedge))")
            #expect(m.text == x.text, "\(text): text \(m.text)")
        }
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func listsOfRenderedAmountsStaySeparate(_ seed: UInt64) {
        var r = MoneyRandom(state: seed)
        let recognizer = MoneyRecognizer()
        for _ in 0..<100 {
            let a = MoneyPropertyTests.render(&r), b = MoneyPropertyTests.render(&r)
            let text = "Officials listed " + a.text + ", and separately " + b.text + "."
            let found = recognizer.recognize(text)
            #expect(found.map(\.amount) == [a.amount, b.amount], "\(text): \(found.map(\.text))")
            #expect(found.map(\.currency) == [a.iso, b.iso], "\(text)")
        }
    }
}
