import Foundation
import Testing
@testable import AidExtraction

/// Inputs built to make a careless scanner quadratic or crash: they must terminate with sane output.
/// (No time assertions; the benchmark target measures speed.)
@Suite("Money recogniser: pathological inputs")
struct MoneyPathologicalTests {
    let recognizer = MoneyRecognizer()

    @Test func megabyteOfDigits() {
        #expect(recognizer.recognize(String(repeating: "7", count: 1_000_000)).isEmpty)
        // Too many digits for an exact amount: not money, even with a currency.
        #expect(recognizer.recognize("$" + String(repeating: "9", count: 100_000)).isEmpty)
    }

    @Test func megabyteOfDollarSigns() {
        #expect(recognizer.recognize(String(repeating: "$", count: 1_000_000)).isEmpty)
        #expect(recognizer.recognize(String(repeating: "€", count: 200_000)).isEmpty)
    }

    @Test func manyAmountsInARow() {
        let found = recognizer.recognize(String(repeating: "$1 ", count: 50_000))
        #expect(found.count == 50_000)
        #expect(found.allSatisfy { $0.amount == 1 && $0.currency == "USD" })
    }

    @Test func runsOfScaleAndNumberWords() {
        #expect(recognizer.recognize(String(repeating: " billion", count: 100_000)).isEmpty)
        #expect(recognizer.recognize(String(repeating: "one hundred and ", count: 50_000)).isEmpty)
        let found = recognizer.recognize("$5" + String(repeating: " billion", count: 10_000))
        #expect(found.count == 1)
    }

    @Test func nestedParenthesesAndSeparators() {
        let parens = String(repeating: "(", count: 200_000) + "$3 million" + String(repeating: ")", count: 200_000)
        let found = recognizer.recognize(parens)
        #expect(found.map(\.amount) == [Decimal(3_000_000)])
        #expect(recognizer.recognize("1" + String(repeating: ",12", count: 200_000)).isEmpty)
        #expect(recognizer.recognize(String(repeating: "1.", count: 200_000)).isEmpty)
        #expect(recognizer.recognize(String(repeating: "1 000 ", count: 100_000)).isEmpty)
        #expect(recognizer.recognize(String(repeating: "-", count: 300_000)).isEmpty)
    }

    @Test func randomBytesNeverCrash() {
        var r = MoneyRandom(state: 99)
        let alphabet = Array("0123456789$€£¥ .,-–kmbnKMBT aandtobetweenfrombillionmilliondollarseurosUSDEUR\u{00A0}\u{2009}(%)+~")
        for _ in 0..<200 {
            let s = String((0..<r.int(0...400)).map { _ in alphabet[r.int(0...(alphabet.count - 1))] })
            for m in recognizer.recognize(s) {
                #expect(m.span.start < m.span.end)
                #expect(m.byteStart < m.byteEnd && m.byteEnd <= s.utf8.count)
                #expect(m.amount >= 0)
                if let mx = m.amountMax { #expect(mx > m.amount) }
            }
        }
        // Invalid UTF-8 is decoded with replacement characters and must not trap either.
        let junk: [UInt8] = [0x24, 0x35, 0xE2, 0x82, 0x24, 0x31, 0xF0, 0x9F, 0xFF, 0xC2]
        _ = recognizer.recognize(String(decoding: junk, as: UTF8.self))
    }
}
