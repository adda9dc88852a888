import Foundation
import Testing
@testable import AidExtraction

/// Part-of links inside one sentence and the named-instrument subject as mechanism.
@Suite("Attribution: tranches of a larger figure in the same sentence")
struct AttributionPartOfTests {
    @Test func receiptOfAPortionAcrossCurrenciesLinksToTheProgramme() throws {
        let f = try attrFigures("The Coastal Recovery Loans for Peru is an effort of lenders aiming to provide $20 billion in budget support to Peru, with the recent receipt of €2 billion for hospitals.")
        try #require(f.count == 2)
        #expect(f[1].partOf == 0)
        #expect(f[0].mechanism == "Coastal Recovery Loans")
    }

    @Test func acrossCurrenciesTheParentMustBeClearlyLarger() throws {
        // €4 billion vs $10 billion: less than three times, no conversion is made, so no link
        let f = try attrFigures("The Coastal Recovery Loans for Peru aims to provide $10 billion in budget support to Peru, with the recent receipt of €4 billion for hospitals.")
        try #require(f.count == 2)
        #expect(f[1].partOf == nil)
    }

    @Test func ofWhichInTheSameCurrencyLinks() throws {
        let f = try attrFigures("Japan approved a $900 million package for Chad, of which $300 million was disbursed in May.")
        try #require(f.count == 2)
        #expect(f[1].partOf == 0)
    }

    @Test func sameCurrencyChildMustBeSmaller() throws {
        let f = try attrFigures("Japan approved a $900 million package for Chad, of which $1.2 billion was disbursed in May.")
        #expect(f.allSatisfy { $0.partOf == nil })
    }

    @Test func twoFlowsJoinedByAndAreNotParts() throws {
        let f = try attrFigures("Japan approved $900 million for Chad and Norway gave $300 million to Mali.")
        try #require(f.count == 2)
        #expect(f[1].partOf == nil)
    }

    @Test func genericPhraseStaysWhenTheSubjectIsNotAnInstrument() throws {
        let f = try attrFigures("Norway plans to provide $50 million in budget support to Chad.")
        try #require(f.count == 1)
        #expect(f[0].mechanism == "budget support")
    }
}
