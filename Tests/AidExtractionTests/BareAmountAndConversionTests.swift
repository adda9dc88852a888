import Foundation
import Testing
@testable import AidExtraction

// Rules of issue 10 (its later rounds): sums without a currency that take their antecedent's,
// conversions written outside brackets, one sum named twice in a sentence for two parties, words of
// a party's name that say nothing of the money's purpose, and breakdown rows. Every sentence here
// was written for these tests.

private let recognizer = MoneyRecognizer()

@Suite("Money: bare amounts take the currency of the money before them")
struct BareAmountTests {
    @Test func aBareAmountAfterACurrencyTakesIt() throws {
        let m = recognizer.recognize("Oslo gave 80 million kroner to the fund in May. A further 12 million was set aside for July.")
        try #require(m.count == 2)
        #expect(m[1].text == "12 million")
        #expect(m[1].amount == 12_000_000)
        #expect(m[1].currency == m[0].currency)
        #expect(m[1].inherited && !m[0].inherited)
    }

    @Test func tableRowsUnderASumInDollars() throws {
        let text = "The ministry released $9 million in all.\nWorld Health Organization (WHO): 4.5 million\nUNDP: 0.8 million\n"
        let m = recognizer.recognize(text)
        #expect(m.map(\.amount) == [9_000_000, 4_500_000, 800_000])
        #expect(m.allSatisfy { $0.currency == "USD" })
    }

    @Test(arguments: [
        "The grant of $4 million reached 3 million people in the north.",  // a count of people
        "The grant of $4 million came after 2 million hectares burned.",
        "A grant of $4 million was approved.\n\nSome 5 million was raised later by the club.",  // another paragraph
        "The project code A320 million was dropped after $4 million was paid.",  // no antecedent before it
        "Lenders gave $4 million and Rs 200 million was spent on roads.",  // a prefix the grammar did not read
    ])
    func numbersThatStayNumbers(_ text: String) {
        #expect(recognizer.recognize(text).filter(\.inherited).isEmpty, "\(recognizer.recognize(text).map(\.text))")
    }

    @Test func theWordAtATimeSearchFindsEveryScaleWord() {
        // against a plain search, on strings that put "illion" at every offset of an 8-byte word
        var rng = SystemRandomNumberGenerator()
        let pieces = ["illion", "ll", "l", "i", "milli", "on", " ", "x", "lli", "illio"]
        for _ in 0..<400 {
            var s = ""
            for _ in 0..<Int.random(in: 1...30, using: &rng) { s += pieces.randomElement(using: &rng) ?? "" }
            let bytes = Array(s.utf8)
            var expected: [Int] = []
            if bytes.count >= 6 {
                for k in 0...(bytes.count - 6) where Array(bytes[k..<(k + 6)]) == Array("illion".utf8) { expected.append(k) }
            }
            let found: [Int] = bytes.withUnsafeBufferPointer { b in
                guard let base = b.baseAddress else { return [] }
                var out: [Int] = [], from = 0
                while let k = BareAmounts.nextIllion(base, from, b.count) { out.append(k); from = k + 6 }
                return out
            }
            #expect(found == expected, "\(s)")
        }
    }

    @Test func withoutAnyMoneyBeforeNothingIsInvented() {
        #expect(recognizer.recognize("About 6 million was lost to floods, and 2 million will follow.").isEmpty)
    }
}

@Suite("Money: the decimal comma")
struct DecimalCommaTests {
    @Test(arguments: [
        ("The fund raised $2,5-billion for clinics.", "2500000000"),
        ("Donors found $7,25 billion in Cape Town.", "7250000000"),
        ("It cost $3,400 in all.", "3400"),  // three digits: a thousands group
        ("It cost $12,34,567 in all.", "1234567"),  // Indian groups
    ])
    func oneOrTwoDigitsAfterACommaAreDecimals(_ c: (String, String)) throws {
        let m = recognizer.recognize(c.0)
        try #require(m.count == 1, "\(m.map(\.text))")
        #expect(m[0].amount == Decimal(string: c.1))
    }
}

@Suite("Attribution: conversions outside brackets, repeated sums, names and breakdown rows")
struct LaterRoundAttributionTests {
    @Test(arguments: [
        "Bangladesh received Tk900 million or around $7.5 million from Japan for schools.",
        "Japan gave Bangladesh Tk900 million, roughly $7.5 million, for schools.",
        "Japan gave Bangladesh Tk900 million, which is equal to some $7.5 million, for schools.",
        "Japan gave Bangladesh Tk900 million [about $7.5 million] for schools.",
    ])
    func aConversionIsNoFlowOfItsOwn(_ text: String) throws {
        let f = try attrFigures(text)
        try #require(f.count == 1, "\(f.map(\.money.text))")
        #expect(f[0].money.currency == "BDT")
    }

    @Test func twoSumsInOneCurrencyJoinedByOrAreNotAConversion() throws {
        // "or" between two sums of one currency is an alternative, not the same sum converted
        let f = try attrFigures("Japan may give Nepal $5 million or $7 million for schools.")
        #expect(f.count == 2)
    }

    @Test func oneSumTwiceInASentenceForTwoPartiesIsTwoFlows() throws {
        let f = try attrFigures("Norway split its grant between UNICEF (NOK 40 million), the WFP (NOK 40 million) and the UNHCR (NOK 25 million).")
        #expect(f.filter { $0.money.amount == 40_000_000 }.count == 2)
    }

    @Test func theSameSumRestatedLaterIsOneFlow() throws {
        let f = try attrFigures("Norway gave NOK 40 million to UNICEF on Monday. The NOK 40 million will buy vaccines.")
        #expect(f.filter { $0.money.amount == 40_000_000 }.count == 1)
    }

    @Test func anAgencysNameSaysNothingOfThePurpose() throws {
        // "Development" in the agency's name, "emergency relief" in the sentence: humanitarian
        let f = try attrFigures("The Swedish International Development Cooperation Agency gave $3 million in emergency relief for flood victims in Chad.")
        try #require(f.count == 1)
        #expect(f[0].category == .humanitarian)
    }

    @Test func aDevelopmentBankLoanIsDevelopment() throws {
        let f = try attrFigures("The Asian Development Bank signed a $150 million loan with Nepal on Tuesday.")
        try #require(f.count == 1)
        #expect(f[0].category == .development)
    }

    @Test func theLabelOfABreakdownRowReceives() throws {
        let text = "How Norway splits its gift, in dollars:\nWorld Health Organization (WHO): $4.5 million\nUNDP: $0.8 million\n"
        let f = try attrFigures(text)
        try #require(f.count == 2)
        #expect(f.map { $0.recipient?.code } == ["WHO", "UNDP"])
    }

    @Test func aSumWhoseConversionIsTheHeadlinesFigureRestatesIt() throws {
        let text = "Norway gives $12 million to Chad\n\nThe Norwegian government has pledged NOK 130 million ($12 million) in emergency aid to Chad."
        let f = try Extractor().extract(Article(text: text)).figures
        #expect(f.count == 1, "\(f.map(\.money.text))")
    }

    @Test func aStageWordYieldsToTheInstrumentNamedAfterIt() throws {
        let f = try attrFigures("The IMF approved a $90 million disbursement to Chad under its Extended Credit Facility on Friday.")
        try #require(f.count == 1)
        #expect(f[0].mechanism == "Extended Credit Facility")
        // a generic instrument head keeps its own phrase
        let g = try attrFigures("Japan approved a $90 million grant to Chad under its Emergency Window on Friday.")
        #expect(g.first?.mechanism == "grant")
    }

    @Test func theAgentOfALaterRelativeClauseIsNoDonor() throws {
        let f = try attrFigures("Norway pledged to give €2 million to restore schools in Chad that were damaged by floods from Cameroon.")
        try #require(f.count == 1)
        #expect(f[0].donor?.code == "NOR")
        // right after the money, the relative clause is the money's own: its agent gives
        let g = try attrFigures("Chad will use €2 million that was provided by Norway for schools.")
        #expect(g.first?.donor?.code == "NOR")
    }

    @Test func koreaAloneIsTheRepublicOfKorea() throws {
        let f = try attrFigures("Ukraine will receive $300 million in loans from Korea next year.")
        try #require(f.count == 1)
        #expect(f[0].donor?.code == "KOR")
        let g = try attrFigures("North Korea received $3 million from the WFP.")
        #expect(g.first?.recipient?.code == "PRK")
    }

    @Test func aBracketedListAfterToNamesTheRecipients() throws {
        let f = try attrFigures("Norway said it would send the grants to Mali ($4 million), Chad ($3 million) and Peru ($2 million).")
        try #require(f.count == 3)
        #expect(f.map { $0.recipient?.code } == ["MLI", "TCD", "PER"])
    }

    @Test func aBracketedListAfterFromNamesTheDonors() throws {
        let f = try attrFigures("Further pledges came from Norway ($4 million), the United States ($3 million) and Japan ($2 million).")
        try #require(f.count == 3)
        #expect(f.map { $0.donor?.code } == ["NOR", "USA", "JPN"])
        #expect(f.allSatisfy { $0.recipient == nil || !["NOR", "USA", "JPN"].contains($0.recipient?.code ?? "") })
    }

    @Test func precisionAgreement() {
        #expect(MoneyPrecision.agree(440e6, 443e6))
        #expect(MoneyPrecision.agree(1.2e9, 1.23e9))
        #expect(!MoneyPrecision.agree(440e6, 450e6))
        #expect(!MoneyPrecision.agree(12e6, 13e6))
        #expect(MoneyPrecision.agree(76e6, 76e6))
    }

    @Test func theBaseOfAShareIsTheSumNamedBefore() throws {
        let text = "Allies agreed to give Chad €40 billion over ten years. If Norway gave 0.5 percent of €40 billion, that would be €200 million."
        let f = try Extractor().extract(Article(text: text)).figures
        #expect(f.filter { $0.money.amount == 40_000_000_000 }.count == 1)
    }
}
