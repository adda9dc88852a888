import Foundation
import Testing
@testable import AidExtraction

/// Inputs found by the libFuzzer targets (`make fuzz`, Sources/Fuzz*/main.swift) and the
/// invariants those targets check, kept as tests so that a finding stays fixed.
@Suite struct FuzzRegressionTests {
    /// The invariants of FuzzExtractor: every span lies in the text (money in the body), and
    /// `partOf` names another figure. Returns the extraction for further checks.
    @discardableResult
    func checkedExtraction(_ text: String) throws -> Extraction {
        let article = try Article(text: text)
        let result = Extractor().extract(article)
        let nBytes = text.utf8.count, nScalars = text.unicodeScalars.count
        func inBody(_ m: MoneyExpression) {
            #expect(article.bodyOffset.bytes <= m.byteStart && m.byteStart < m.byteEnd && m.byteEnd <= nBytes)
            #expect(article.bodyOffset.scalars <= m.span.start && m.span.start < m.span.end && m.span.end <= nScalars)
        }
        for mention in result.mentions {
            inBody(mention.money)
            #expect(mention.sentenceSpan.start <= mention.sentenceSpan.end && mention.sentenceSpan.end <= nScalars)
        }
        for (i, figure) in result.figures.enumerated() {
            inBody(figure.money)
            figure.otherMentions.forEach(inBody)
            if let p = figure.partOf { #expect(p >= 0 && p < result.figures.count && p != i) }
        }
        return result
    }

    /// Finding of FuzzExtractor (minimised input "$\n1"): the recogniser reads a money expression
    /// across a line break, which ends a sentence, so the mention's sentence did not contain it.
    /// The evidence of such money is now the sentences it runs over (AttributionRun.run).
    @Test(arguments: ["$\n1", "x $\n1 y", "Aid of $\n\n1 billion.", "---\ntitle: t\n---\nUS$\n1 billion in weapons"])
    func aMentionLiesInsideItsSentence(_ text: String) throws {
        let result = try checkedExtraction(text)
        try #require(!result.mentions.isEmpty)
        for m in result.mentions {
            #expect(m.sentenceSpan.start <= m.money.span.start && m.money.span.end <= m.sentenceSpan.end,
                    "sentence \(m.sentenceSpan) does not hold \(m.money.span) '\(m.money.text)'")
            #expect(m.sentence.unicodeScalars.count == m.sentenceSpan.end - m.sentenceSpan.start)
        }
        for f in result.figures {
            #expect(f.sentenceSpan.start <= f.money.span.start && f.money.span.end <= f.sentenceSpan.end)
        }
    }

    /// Bytes that are not UTF-8, decoded as a reader of arbitrary files would (lossy, U+FFFD), go
    /// through the front-matter parser, the recogniser and the extractor without a trap.
    @Test func invalidUTF8DecodedLossilyIsHandled() throws {
        let inputs: [[UInt8]] = [
            Array("$5".utf8) + [0xFF] + Array(" million ".utf8) + [0xE2, 0x82] + Array(" €9bn $3".utf8),
            Array("---\ntitle: ".utf8) + [0xFF, 0xFE] + Array("\n---\n".utf8) + [0xC0, 0xAF] + Array("US$1 billion".utf8),
            [0xED, 0xA0, 0x80] + Array("$1,".utf8) + [0xF4, 0x90, 0x80, 0x80] + Array("000".utf8),
            [0xE2, 0x82, 0xAC],   // a lone euro sign (valid)
            Array("$".utf8) + [0xC2],
        ]
        for bytes in inputs {
            let text = String(decoding: bytes, as: UTF8.self)
            // Valid UTF-8 reads the same both ways (FuzzSupport's `fuzzTexts` checks this too).
            if let exact = String(validating: bytes, as: UTF8.self) { #expect(exact == text) }
            for m in MoneyRecognizer().recognize(text) {
                #expect(0 <= m.byteStart && m.byteStart < m.byteEnd && m.byteEnd <= text.utf8.count)
            }
            try checkedExtraction(text)
        }
    }

    /// Edge shapes of the front matter that the fuzzer reached: the body offset always points
    /// into the text, and errors are `ArticleError`s.
    @Test(arguments: [
        "---\n---", "---\n---\n", "---\r\n---\r\n$1", "\u{FEFF}---\n---\n$5", "--- \n title : x \n---",
        "---\n#\n---\n", "---\n:\n---\n", "---\npublished:\n---\n", "---\npublished: ''\n---\n",
        "---\ntitle: \"\n---\n", "---\n\u{2003}---\u{2003}\n---\n", "\n---\n---\n",
    ])
    func frontMatterEdgesKeepTheBodyInsideTheText(_ text: String) {
        do {
            let article = try Article(text: text)
            let off = article.bodyOffset
            #expect(off.bytes >= 0 && off.bytes <= text.utf8.count && off.scalars <= off.bytes)
            #expect(article.body.utf8.count == text.utf8.count - off.bytes)
            #expect(text.unicodeScalars[..<article.body.startIndex].count == off.scalars)
            if let d = article.metadata.published { #expect(Article.isISODate(d)) }
        } catch {
            #expect(error is ArticleError)
        }
    }

    /// Pathological money shapes (long runs of separators and triggers) give in-bounds spans in text order.
    @Test(arguments: [
        String(repeating: "$1,", count: 400), String(repeating: "$", count: 500) + "1",
        String(repeating: "1 million ", count: 200) + "dollars", "€" + String(repeating: ".5", count: 300),
        String(repeating: "between $1 and ", count: 100) + "$2", "$.", "$.5", "US$", "1e", "USD", "€ ",
    ])
    func pathologicalMoneyStaysInBounds(_ text: String) {
        var last = -1
        for m in MoneyRecognizer().recognize(text) {
            #expect(0 <= m.byteStart && m.byteStart < m.byteEnd && m.byteEnd <= text.utf8.count)
            #expect(m.span.end <= text.unicodeScalars.count)
            #expect(m.byteStart >= last)
            last = m.byteStart
            #expect(m.currency.utf8.count == 3)
        }
    }

    /// FuzzMoney finding (make fuzz, 600 s): a decimal with more than 127 digits after the point
    /// trapped converting its exponent to Int8. Such a number is invalid, never money.
    @Test func aVeryLongFractionIsNoCrash() {
        let long = "$.024" + String(repeating: "2", count: 60) + String(repeating: "7", count: 100) + " million"
        let found = MoneyRecognizer().recognize(long)
        #expect(found.allSatisfy { $0.amount < 1_000_000_000 })
        _ = Extractor().extract(try! Article(text: "Donors gave " + long + " to Ukraine.\n"))
    }
}
