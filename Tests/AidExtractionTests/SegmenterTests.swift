import Testing
@testable import AidExtraction

@Suite("Segmenter")
struct SegmenterTests {
    func sentences(_ s: String) -> [String] {
        let bytes = Array(s.utf8)
        return bytes.withUnsafeBufferPointer { b in
            Segmenter.segment(b).map { String(decoding: b[$0.byteStart..<$0.byteEnd], as: UTF8.self) }
        }
    }

    @Test func splitsOnSentenceEnds() {
        #expect(sentences("Aid rose. It fell! Why? Nobody knows.") == ["Aid rose.", "It fell!", "Why?", "Nobody knows."])
    }
    @Test func abbreviationsDoNotSplit() {
        #expect(sentences("The U.S. Army and Mr. Ruto met Gen. Ali on Jan. 5 to discuss e.g. roads. Then they left.").count == 2)
        #expect(sentences("They signed deal No. 4 in the U.K. Parliament.").count == 1)
    }
    @Test func decimalsDoNotSplit() {
        #expect(sentences("It gave $1.25 billion. More came.") == ["It gave $1.25 billion.", "More came."])
    }
    @Test func closingQuotesStayWithTheirSentence() {
        #expect(sentences("“We will help.” She left.") == ["“We will help.”", "She left."])
        #expect(sentences("\"We will help.\" She left.") == ["\"We will help.\"", "She left."])
    }
    @Test func lowerCaseNextWordContinues() {
        #expect(sentences("It cost approx. three million.").count == 1)
    }
    @Test func linesAreParagraphsAndDatelinesStay() {
        let s = "KYIV, Jan 10 (Reuters) - Ukraine got aid.\nSecond paragraph here."
        let bytes = Array(s.utf8)
        let spans = bytes.withUnsafeBufferPointer { Segmenter.segment($0) }
        #expect(spans.count == 2)
        #expect(spans[0].paragraph == 0 && spans[1].paragraph == 1)
        #expect(sentences(s)[0].hasPrefix("KYIV"))
    }
    @Test func codePointSpans() {
        let s = "Café aid. Naïve plan."
        let bytes = Array(s.utf8)
        let spans = bytes.withUnsafeBufferPointer { Segmenter.segment($0) }
        #expect(spans.map { [$0.cpStart, $0.cpEnd] } == [[0, 9], [10, 21]])
    }
}

@Suite("Lexicon")
struct LexiconTests {
    @Test func cuesLoadFromSeeds() {
        #expect(Lexicon.status["pledged"] == .pledged)
        #expect(Lexicon.status["approved"] == .committed)
        #expect(Lexicon.status["set aside"] == .committed)
        #expect(Lexicon.status["delivered"] == .disbursed)
        #expect(Lexicon.receive["received"] == .disbursed)
        #expect(Lexicon.measure.contains(Vocabulary.base.id("damage")))
        #expect(!Lexicon.measure.contains(Vocabulary.base.id("pledged")))
        #expect(Lexicon.category["ammunition"]?.0 == .military)
        #expect(Lexicon.mechHead["package"] != nil)
        #expect(Lexicon.named["era loans"]?.0 == "Extraordinary Revenue Acceleration (ERA) Loans")
    }
    @Test func tokenizerKeepsInitialismsAndPossessives() {
        #expect(Tokenizer.words("U.S. aid to Ukraine’s army, air-defence") == ["u.s.", "aid", "to", "ukraine", "'s", "army", ",", "air-defence"])
    }
}
