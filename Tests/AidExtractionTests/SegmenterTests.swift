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

/// The segmenter skips eight bytes at a time inside sentences; this suite holds it to the plain
/// byte-by-byte loop it replaced (kept here as the reference) on random texts built from the
/// bytes that matter: sentence marks, line breaks, quotes, spaces and multi-byte characters.
@Suite("Segmenter: word-at-a-time scan")
struct SegmenterScanTests {
    static func referenceSegment(_ bytes: UnsafeBufferPointer<UInt8>) -> [SentenceSpan] {
        var out: [SentenceSpan] = []
        let n = bytes.count
        var i = 0
        var cp = 0
        var paragraph = 0
        var start = -1, startCp = 0
        while i < n {
            let b = bytes[i]
            if b == 10 {
                if start >= 0 && i > start {
                    out.append(SentenceSpan(byteStart: start, byteEnd: i, cpStart: startCp, cpEnd: cp, paragraph: paragraph))
                }
                start = -1
                paragraph += 1
                i += 1; cp += 1
                continue
            }
            if start < 0 {
                if Segmenter.isSpace(b) || (b == 0xC2 && i + 1 < n && bytes[i + 1] == 0xA0) {
                    if b == 0xC2 { i += 2 } else { i += 1 }
                    cp += 1
                    continue
                }
                start = i; startCp = cp
            }
            if b == 46 || b == 33 || b == 63 {  // . ! ?
                var j = i + 1
                var jcp = cp + 1
                // closing quotes and brackets
                while j < n {
                    let c = bytes[j]
                    if c == 34 || c == 39 || c == 41 || c == 93 { j += 1; jcp += 1; continue }
                    if c == 0xE2 && j + 2 < n && bytes[j + 1] == 0x80 && (bytes[j + 2] == 0x9D || bytes[j + 2] == 0x99) {
                        j += 3; jcp += 1; continue
                    }
                    break
                }
                if j >= n || Segmenter.isSpace(bytes[j]) || bytes[j] == 10 {
                    var boundary = true
                    // next word: a lower-case start continues the sentence
                    var k = j
                    while k < n && Segmenter.isSpace(bytes[k]) { k += 1 }
                    if k < n && bytes[k] >= 97 && bytes[k] <= 122 { boundary = false }
                    if boundary && b == 46 && j == i + 1 && Segmenter.endsWithAbbreviation(bytes, i) { boundary = false }
                    if boundary {
                        out.append(SentenceSpan(byteStart: start, byteEnd: j, cpStart: startCp, cpEnd: jcp, paragraph: paragraph))
                        start = -1
                        cp = jcp; i = j
                        continue
                    }
                }
            }
            i += 1
            if b & 0xC0 != 0x80 { cp += 1 }
        }
        if start >= 0 && n > start {
            out.append(SentenceSpan(byteStart: start, byteEnd: n, cpStart: startCp, cpEnd: cp, paragraph: paragraph))
        }
        return out
    }


    @Test func matchesTheByteByByteLoopOnRandomTexts() {
        let pieces = ["a", "Word", " ", "  ", ".", "!", "?", "\n", "\"", "'", ")", "é", "’", "”", "\u{A0}", "U.S.", "Mr.",
                      "3.5", "e.g.", "x", "Z", "ünïcode", "—", "\t", "\r\n", "ok", "Jan.", "…"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var checked = 0
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<Int(next() % 120) { text += pieces[Int(next() % UInt64(pieces.count))] }
            let bytes = Array(text.utf8)
            let (fast, slow) = bytes.withUnsafeBufferPointer { (Segmenter.sentences($0), SegmenterScanTests.referenceSegment($0)) }
            #expect(fast == slow, "\(text.debugDescription)")
            checked += fast.count
        }
        #expect(checked > 1000)
    }
}

/// A "sentence" without an end (a pasted list, a table, garbage) is cut into pieces no longer
/// than `Segmenter.maxSentenceBytes`, at spaces where it can, with exact code-point spans.
@Suite("Segmenter: sentence length cap")
struct SegmenterCapTests {
    func pieces(_ text: String) -> [(SentenceSpan, String)] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { b in
            Segmenter.segment(b).map { ($0, String(decoding: b[$0.byteStart..<$0.byteEnd], as: UTF8.self)) }
        }
    }

    @Test func aRunOnListIsCutAtSpacesIntoBoundedPieces() {
        let text = "Pledges: " + (1...3000).map { "€\($0) million" }.joined(separator: ", ") + " and more"
        let got = pieces(text)
        #expect(got.count > 3)
        let scalars = Array(text.unicodeScalars)
        for (span, piece) in got {
            #expect(span.byteEnd - span.byteStart <= Segmenter.maxSentenceBytes)
            #expect(!piece.hasPrefix(" ") && !piece.hasSuffix(" "))
            // code-point span names the same text
            #expect(String(String.UnicodeScalarView(scalars[span.cpStart..<span.cpEnd])) == piece)
        }
        // nothing lost: the pieces joined by single spaces give the text back
        #expect(got.map(\.1).joined(separator: " ") == text)
    }

    @Test func textWithoutSpacesIsCutAtCharacterBoundaries() {
        let text = String(repeating: "(€", count: 9000) + "$5 million" + String(repeating: ")", count: 9000)
        let got = pieces(text)
        #expect(got.count >= 4)
        #expect(got.map(\.1).joined() == text)
        for (span, piece) in got {
            #expect(span.byteEnd - span.byteStart <= Segmenter.maxSentenceBytes)
            #expect(piece.unicodeScalars.count == span.cpEnd - span.cpStart)
        }
    }

    @Test func ordinarySentencesAreNotCut() {
        let long = "Then " + String(repeating: "word ", count: 1500) + "end."
        let text = "Germany pledged €5 million. " + long + " Next one."
        let got = pieces(text)
        #expect(long.utf8.count > 7000)
        #expect(got.map(\.1) == ["Germany pledged €5 million.", long, "Next one."])
    }
}
