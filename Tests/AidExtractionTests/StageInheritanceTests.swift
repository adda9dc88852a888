import Foundation
import Testing
@testable import AidExtraction

// A figure whose own sentence states no stage takes it from the nearest flow that does, a future
// modal makes a pledge, and a total with no stated purpose is of category other. Every sentence
// here was written for these tests.

@Suite("Attribution: stages of cue-less figures, totals without a purpose")
struct StageInheritanceTests {
    @Test(arguments: [
        ("transferred", FlowStatus.disbursed),
        ("allocated", FlowStatus.committed),
        ("promised", FlowStatus.pledged),
    ])
    func listRowsTakeTheStageOfTheSentenceThatIntroducesThem(_ verb: String, _ stage: FlowStatus) throws {
        let text = """
            Sweden \(verb) SEK 90 million to its aid agency on Friday, split as follows:

            • SEK 50 million for food in Chad;
            • SEK 40 million for shelter in Mali.
            """
        let f = try modelFigures(text)
        let rows = f.filter { [50_000_000, 40_000_000].contains($0.money.amount) }
        try #require(rows.count == 2, "\(f.map(\.money.text))")
        #expect(rows.allSatisfy { $0.status == stage }, "\(rows.map(\.status))")
    }

    @Test(arguments: [("transferred", FlowStatus.disbursed), ("approved", FlowStatus.committed)])
    func aHeadlineWithoutAVerbTakesTheStageOfTheStoryBelowIt(_ verb: String, _ stage: FlowStatus) throws {
        let text = "$20 million for Chad's flood victims\n\nNorway \(verb) $12 million and Peru $8 million to Chad on Monday."
        let f = try modelFigures(text)
        let headline = try #require(f.first { $0.money.amount == 20_000_000 }, "\(f.map(\.money.text))")
        #expect(headline.status == stage)
    }

    @Test(arguments: [("pledged", FlowStatus.pledged), ("approved", FlowStatus.committed), ("paid", FlowStatus.disbursed)])
    func aParticipleAfterTheSumSetsItsStage(_ verb: String, _ stage: FlowStatus) throws {
        // a reduced relative clause, no verb before the money: the participle is the cue
        let f = try attrFigures("Donors met in Lima.\n$40 million for schools \(verb) at the Lima meeting goes to Peru.")
        try #require(f.count == 1)
        #expect(f[0].status == stage)
        // a verb before the money still governs it
        let g = try attrFigures("Norway gave Peru $40 million for schools \(verb) at the Lima meeting.")
        try #require(g.count == 1)
        #expect(g[0].status == .disbursed)
    }

    @Test(arguments: ["set", "due", "poised"])
    func aStageAnnouncedAheadIsAPledge(_ word: String) throws {
        // the model decides the stage; the conventions' "set to receive" is a pledge whatever it says
        let f = try modelFigures("Chad is \(word) to receive $40 million in aid from Norway.")
        try #require(f.count == 1)
        #expect(f[0].status == .pledged)
        // "set" elsewhere is no such phrase
        let g = try modelFigures("Norway set aside and transferred $40 million in aid to Chad.")
        try #require(g.count == 1)
        #expect(g[0].status != .pledged)
    }

    @Test func aFutureModalBeforeTheSumIsAPledge() throws {
        let text = "Norway transferred $5 million to Chad in May. Its support to Chad will reach $40 million by December."
        let f = try modelFigures(text)
        let later = try #require(f.first { $0.money.amount == 40_000_000 }, "\(f.map(\.money.text))")
        #expect(later.status == .pledged)
        #expect(f.first { $0.money.amount == 5_000_000 }?.status == .disbursed)
    }

    @Test func aPossessedSumIsAStandingInstrumentNotTheClausesAct() throws {
        // the transfer is disbursed; the package it is a share of is not thereby paid out
        let text = "Peru transferred $3 billion to Chad, its share of the G20's $80 billion lending scheme."
        let f = try modelFigures(text)
        let whole = try #require(f.first { $0.money.amount == 80_000_000_000 }, "\(f.map(\.money.text))")
        #expect(whole.status != .disbursed)
        #expect(f.first { $0.money.amount == 3_000_000_000 }?.status == .disbursed)
    }

    @Test func aTotalWithNoStatedPurposeIsOther() throws {
        let text = "Norway sent $5 million in emergency food aid to Chad in May. Its support to Chad this year reached a total of $40 million."
        let f = try modelFigures(text)
        let total = try #require(f.first { $0.money.amount == 40_000_000 }, "\(f.map(\.money.text))")
        #expect(total.category == .other)
        #expect(f.first { $0.money.amount == 5_000_000 }?.category == .humanitarian)
    }

    @Test func aTotalWithAPurposeKeepsIt() throws {
        let f = try modelFigures("Norway has given Ukraine a total of $40 million in military aid since March.")
        try #require(f.count == 1)
        #expect(f[0].category == .military)
    }

    @Test func aSumAddedToAnEarlierTotalIsNoTotal() throws {
        // "that total" points back: the sum after it is one more contribution, with its own purpose
        let text = "Donors pledged $90 million in emergency food aid for Chad. Adding to that total, Peru gave $3 million."
        let f = try modelFigures(text)
        let peru = try #require(f.first { $0.money.amount == 3_000_000 }, "\(f.map(\.money.text))")
        #expect(peru.category != .other)
    }
}
