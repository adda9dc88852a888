import Foundation
import Testing
@testable import AidExtraction

/// The fast path (`MoneyWindows`: trigger prefilter, windows lexed and parsed around triggers) must
/// give exactly what lexing and parsing the whole text gives (`MoneyRecognizer.runReference`).
/// The texts are built at random from phrases written for these tests, with gaps of every length
/// around the window thresholds, so that windows open, close and merge at every kind of place.
@Suite("Money recogniser: windowed fast path")
struct MoneyWindowTests {
    let recognizer = MoneyRecognizer()

    static let money = [
        "$5 million", "US$ 12.5bn", "€3-4bn", "between $3 and $4 billion", "from €400m–€600m", "$2-3 billion",
        "three billion euros", "twenty-five million Swiss francs", "one and a half billion dollars",
        "half a billion pounds", "a quarter of a billion yen", "USD 300 million", "300 million USD", "EUR3bn",
        "£1,250,000", "1 250 000 kronor", "₹12,34,567", "7-9 lakh rupees", "Rs. 40 crore", "$20 and 43c",
        "20 dollars 43 cents", "50p", "5 grand", "C$ 16.4 million", "A$900", "¥1.2 trillion", "₴300", "zł 45",
        "nearly $50bn", "more than $1 billion", "up to €20m", "an estimated $7 million", "$5bn-plus", "$3m+",
        "~$8 million", "$900,000 to $1.2 million", "$1 billion and $2 billion", "4 dollars and 7 euros",
        "a dollar", "two hundred and fifty million US dollars", "$ 75 million", "c $ 16.4 million",
        "$US50 million", "$US 2.5bn", "$A 3 million", "$NZ40m", "UA 10 million", "UA12.5m", "10 million UA",
        "42 million units of account", "one unit of account", "two-and-a-half billion dollars",
        "a billion and a half euros", "2 and a half million dollars", "4-and-a-half million pounds",
        "50 million Danish crowns", "9 billion kroner", "600 Kč", "Kč 700", "40 złotych", "90 hryvni",
        "12 and 8 million euros, respectively", "$3, $4 and $5 billion respectively",
    ]
    /// Things near money that are not money, or only half of it.
    static let distractors = [
        "34 countries", "in 2024", "F-16", "G7", "COVID-19", "a 5-pound bag", "15%", "50 percent", "1990s",
        "three", "billion", "million", "to", "and", "between", "from", "a", "half", "of", "per", "-", "–", ":",
        "won", "rand", "ALL", "all", "top", "US", "U.S.", "new", "c", "p", "over", "handed over", "grand total",
        "a euro area", "1.", "15.08.2017", "+1 555 0100", "2.5", "1,12,12", "(", ")", "«", "»", "’s", "café",
        "naïve", "元", "\u{00A0}", "\u{2009}",
        "UA", "UA 857", "units", "unit of", "account", "a dollar account", "crowns", "Crowns", "40 crowns",
        "and a half", "-and-a-half", "$US", "$A", "respectively", ", respectively", "Canada", "Ottawa said",
        "Prague", "the US", "Denmark",
    ]
    static let words = ["the", "ministry", "said", "officials", "reconstruction", "fund", "talks", "agreed", "week",
                        "would", "provide", "budget", "report", "region", "loan", "grant", "council", "package"]

    /// A random text of roughly `pieces` pieces with gaps of ordinary words of random length.
    static func text(_ r: inout MoneyRandom, pieces: Int) -> String {
        var s = ""
        for _ in 0..<pieces {
            switch r.int(0...9) {
            case 0...2: s += r.pick(money)
            case 3...5: s += r.pick(distractors)
            default:
                // Gaps from one word to several hundred bytes (past `MoneyWindows.jump` and the
                // restart search), sometimes with no whitespace at all.
                let n = r.pick([1, 2, 3, 8, 20, 25, 30, 60, 90, 120])
                let glue = r.int(0...7) == 0 ? "-" : " "
                s += (0..<n).map { _ in r.pick(words) }.joined(separator: glue)
            }
            s += r.pick([" ", " ", " ", "", ", ", ". ", "\n", " (", ") ", "\u{00A0}"])
        }
        return s
    }

    func expectSame(_ text: String, _ comment: String = "") {
        let fast = recognizer.recognize(text)
        let ref = recognizer.recognizeReference(text)
        #expect(fast == ref, "\(comment) \(text.prefix(300))")
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as [UInt64])
    func windowedEqualsWholeText(_ seed: UInt64) {
        var r = MoneyRandom(state: seed)
        for _ in 0..<60 {
            let t = MoneyWindowTests.text(&r, pieces: r.int(1...120))
            expectSame(t)
        }
    }

    /// Bytes removed from the front or back of a text move every window edge.
    @Test func windowedEqualsWholeTextOnEverySuffix() {
        var r = MoneyRandom(state: 77)
        let t = Array(MoneyWindowTests.text(&r, pieces: 60).utf8)
        var cut = 0
        while cut < t.count {
            expectSame(String(decoding: t[cut...], as: UTF8.self), "suffix \(cut)")
            expectSame(String(decoding: t[..<(t.count - cut)], as: UTF8.self), "prefix \(t.count - cut)")
            cut += 7
        }
    }

    /// Every match of the grammar holds a byte the prefilter reports, so no match can fall between
    /// windows. (The document passes run after both paths alike: a list item they add, the "12" of
    /// "12 and 8 million euros, respectively", holds none of its own.)
    @Test(arguments: [21, 22, 23] as [UInt64])
    func everyExpressionHoldsATrigger(_ seed: UInt64) {
        var r = MoneyRandom(state: seed)
        let tables = MoneyTables.shared
        for _ in 0..<40 {
            var t = MoneyWindowTests.text(&r, pieces: 80)
            t.withUTF8 { b in
                let ref = MoneyRecognizer.grammarReference(b)
                tables.withLookup { lk in
                    MoneyByteClass.table.withUnsafeBufferPointer { cls in
                        let scan = MoneyTriggerScanner(b: b, n: b.count, lk: lk, cls: cls)
                        for m in ref {
                            #expect(scan.next(from: m.start) < m.end, "\(m.start)")
                        }
                    }
                }
            }
        }
        // Each kind of trigger on its own.
        for s in ["5 dollars", "5 EUR", "5 eur", "EUR 5", "€5", "5¢", "50 cents", "5 grand", "5 pence",
                  "5 Swiss francs", "5 zł", "US$5", "U.S.$5", "c $ 5", "5 pounds sterling", "5 hryvnias",
                  "5 units of account", "$US5", "UA 5 million", "5 UA", "5 kroner", "5 Kč", "5 złotych",
                  "two-and-a-half billion dollars"] {
            #expect(!recognizer.recognize(s).isEmpty, "\(s)")
            #expect(recognizer.recognize("Words before it, then " + s) == recognizer.recognizeReference("Words before it, then " + s))
        }
    }

    /// The premise of the windows: an expression never holds a barrier token.
    @Test(arguments: [31, 32] as [UInt64])
    func expressionsHoldNoBarrier(_ seed: UInt64) {
        var r = MoneyRandom(state: seed)
        let tables = MoneyTables.shared
        for _ in 0..<40 {
            let shown = MoneyWindowTests.text(&r, pieces: 80)
            var t = shown
            t.withUTF8 { b in
                tables.withLookup { lk in
                    MoneyByteClass.table.withUnsafeBufferPointer { cls in
                        var lexer = MoneyLexer(b, tables: tables, lookup: lk, classes: cls)
                        let toks = lexer.run()
                        toks.withUnsafeBufferPointer { tp in
                            for e in MoneyParser(toks: tp, n: tp.count, t: tables, words: lk.words).parseAll() {
                                for j in e.start..<e.end {
                                    #expect(!MoneyWindows.isBarrier(tp[j]), "token \(j) in \(shown)")
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Lexing from a restart point gives the whole-text tokens from there on (the first one's start aside).
    @Test(arguments: [41, 42] as [UInt64])
    func restartPointsLexLikeTheWholeText(_ seed: UInt64) {
        var r = MoneyRandom(state: seed)
        let tables = MoneyTables.shared
        for _ in 0..<10 {
            var t = MoneyWindowTests.text(&r, pieces: 30)
            t.withUTF8 { b in
                tables.withLookup { lk in
                    MoneyByteClass.table.withUnsafeBufferPointer { cls in
                        var full = MoneyLexer(b, tables: tables, lookup: lk, classes: cls)
                        let all = full.run()
                        var part = MoneyLexer(b, tables: tables, lookup: lk, classes: cls, capacity: 64)
                        for q in 0..<b.count where MoneyWindows.isRestart(b, q, cls) {
                            part.restart(at: q)
                            while part.p < b.count { part.step() }
                            guard let k = all.firstIndex(where: { Int($0.end) > q }) else {
                                #expect(part.toks.isEmpty)
                                continue
                            }
                            #expect(all.count - k == part.toks.count, "restart at \(q)")
                            for (x, y) in zip(all[k...], part.toks) {
                                if x.start != y.start {
                                    // The first token only: an unknown word merged with those before it.
                                    #expect(x.kind == .other && y.kind == .other && x.end == y.end && Int(y.start) == q)
                                    continue
                                }
                                #expect(x.end == y.end && x.kind == y.kind && x.info == y.info && x.gap == y.gap
                                        && x.mant == y.mant && x.nflags == y.nflags && x.caseMask == y.caseMask
                                        && x.symKind == y.symKind && x.exp == y.exp && x.intDigits == y.intDigits,
                                        "restart at \(q), token at \(x.start)")
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func edgesOfTheText() {
        for t in ["$5 million", "€3bn", "three billion euros", "Aid: 5 dollars", "5 dollars", "USD 300 million",
                  "between $3 and $4 billion", "$", "€", "dollars", "5", "", " ", "EUR", "zł", "₴5", "5 c", "c"] {
            expectSame(t)
            expectSame("x " + t)
            expectSame(t + ".")
        }
    }

    /// Long windows drop their old tokens as they go: runs of money, of symbols, of scale and
    /// number words, far beyond `MoneyWindows.compactAt` tokens.
    @Test func longRunsAcrossCompaction() {
        let dense = String(repeating: "$1 ", count: 20_000)
        #expect(recognizer.recognize(dense).count == 20_000)
        expectSame(dense)
        expectSame(String(repeating: "$€", count: 30_000) + " then $5 million")
        expectSame(String(repeating: "million billion ", count: 20_000) + "$5 million and 3 billion euros")
        expectSame("Aid of $5 " + String(repeating: "million billion trillion ", count: 10_000) + "dollars")
        expectSame(String(repeating: "$1-2 billion, ", count: 12_000))
        expectSame(String(repeating: "one hundred and ", count: 12_000) + "dollars")
        expectSame(String(repeating: "twenty-", count: 12_000) + "five dollars")
        expectSame(String(repeating: "(", count: 40_000) + "$5 million" + String(repeating: ")", count: 40_000))
    }

    /// Two amounts with a gap of every length in between: the windows join, or close and reopen.
    @Test func gapsAroundTheJumpThreshold() {
        for gap in stride(from: 0, through: 700, by: 3) {
            let filler = String(String(repeating: "the council met again ", count: 40).prefix(gap))
            expectSame("$3 million" + filler + "between $3 and $4 billion")
            expectSame("three billion" + filler + " euros")
            expectSame("20 dollars " + filler + "43 cents")
            expectSame("$5 " + filler.replacingOccurrences(of: " ", with: "-") + " million")
        }
    }
}
