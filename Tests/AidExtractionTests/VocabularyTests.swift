import Testing
@testable import AidExtraction

/// Word ids replace lower-cased strings in attribution: these tests pin the properties the rules
/// rely on (constants name their words, byte lookup folds case like the seeds did, unknown words
/// get 0, user aliases extend a gazetteer's own vocabulary).
@Suite("Vocabulary")
struct VocabularyTests {
    @Test func ruleConstantsNameTheirWords() {
        for (k, w) in W.all.enumerated() {
            #expect(Vocabulary.base.id(w) == Int32(k + 1), "W.all[\(k)] = \(w)")
            #expect(Vocabulary.base.words[k + 1] == w)
        }
        #expect(Vocabulary.base.words[Int(W.the)] == "the")
        #expect(Vocabulary.base.words[Int(W.possessive)] == "'s")
        #expect(Vocabulary.base.words[Int(W.semicolon)] == ";")
        #expect(Vocabulary.base.words[Int(W.for)] == "for")
    }

    /// The id of every token equals the id of its lower-cased text, whatever the case or script.
    @Test func tokensCarryTheIdsOfTheirLowerCasedText() {
        let text = "The EUROPEAN Union’s Fund; Türkiye and CÔTE d'Ivoire (IMF) pledged… zzqx “aid” – U.S. funds"
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { b in
            let v = Vocabulary.base
            let toks = Tokenizer.tokens(b, from: 0, to: b.count, money: [], vocabulary: v)
            #expect(toks.count > 15)
            for t in toks {
                let lower = Tokenizer.lowerText(b, t)
                #expect(t.id == v.id(lower), "\(lower)")
            }
            let words = toks.map { Tokenizer.lowerText(b, $0) }
            #expect(words.contains("'s") && words.contains("...") && words.contains("\"") && words.contains("-"))
            // a word no list knows has id 0
            let unknown = toks.first { Tokenizer.lowerText(b, $0) == "zzqx" }
            #expect(unknown?.id == 0)
            #expect(toks.first?.id == W.the)
        }
    }

    @Test func wordSetsHoldOnlyTheirWords() {
        let s = WordSet(["under", "through"])
        #expect(s.contains(W.through))
        #expect(s.contains(Vocabulary.base.id("under")))
        #expect(!s.contains(W.the))
        #expect(!s.contains(0))
        #expect(!s.contains(Int32(Vocabulary.base.count + 10)))
    }

    @Test func statusPhrasesAreFoundByTheirTwoWordIds() {
        let a = Vocabulary.base.id("set"), b = Vocabulary.base.id("aside")
        #expect(a != 0 && b != 0)
        #expect(Lexicon.statusPairs[Lexicon.pairKey(a, b)] == .committed)
        #expect(Lexicon.cueTable[Int(a)]?.startsStatusPhrase == true)
        #expect(Lexicon.cueTable[Int(Vocabulary.base.id("pledged"))]?.status == .pledged)
    }

    /// A user alias made of words the seeds never use still resolves in running text.
    func figures(_ e: Extractor, _ text: String) throws -> [Figure] {
        e.figures(in: try Article(text: text))
    }

    @Test func userAliasWordsExtendTheGazetteersVocabulary() throws {
        let plain = Extractor(model: nil)
        let withAlias = Extractor(aliases: ["Qwertyville Borough Moot": "GBR"], model: nil)
        let text = "Qwertyville Borough Moot pledged $2 million to Moldova."
        #expect(try figures(plain, text).first?.donor == nil)
        #expect(try figures(withAlias, text).first?.donor?.code == "GBR")
        #expect(try figures(withAlias, text).first?.recipient?.code == "MDA")
    }

    /// Thousands of figures in one run-on sentence: every one is found and attributed, and the
    /// rules' bounded reach keeps the work per figure constant (counted, not timed: the same
    /// attributes come out for the first figure with 50 or 5,000 figures after it).
    @Test func aRunOnListOfFiguresIsAttributedFigureByFigure() throws {
        func sentence(_ n: Int) -> String {
            "Germany pledged " + (1...n).map { "$\($0) million" }.joined(separator: ", ") + " to Ukraine."
        }
        let small = try figures(Extractor(model: nil), sentence(50))
        let large = try figures(Extractor(model: nil), sentence(5000))
        #expect(small.count == 50)
        #expect(large.count == 5000)
        #expect(large.first?.donor?.code == small.first?.donor?.code)
        #expect(large.first?.status == small.first?.status)
        #expect(small.first?.donor?.code == "DEU")
        #expect(small.first?.status == .pledged)
    }
}
