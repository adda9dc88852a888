import Testing
@testable import AidExtraction

/// Organisations the gazetteer does not list, found by the shape of their names.
@Suite("Organisation names")
struct OrganisationNameTests {
    let g = Gazetteer()

    /// The party names a sentence holds, as `SentenceInfo` finds them (gazetteer and shapes).
    func parties(_ s: String) -> [String] {
        let text = Array(s.utf8)
        return text.withUnsafeBufferPointer { b in
            let span = SentenceSpan(byteStart: 0, byteEnd: b.count, cpStart: 0, cpEnd: s.unicodeScalars.count, paragraph: 0)
            return SentenceInfo(index: 0, span: span, bytes: b, money: [], gazetteer: g).hits.map(\.party.name)
        }
    }

    @Test func headWordsMakeParties() {
        #expect(parties("A grant came from the Harlow Family Foundation last week.") == ["Harlow Family Foundation"])
        #expect(parties("Loans from Bank of Lusaka and the Meridian Trust were signed.") == ["Bank of Lusaka", "Meridian Trust"])
        #expect(parties("Money raised by the Ostrava Food & Water Council reached the city.") == ["Ostrava Food & Water Council"])
        #expect(parties("The Ahmed bin Khalid Foundation gave more.") == ["Ahmed bin Khalid Foundation"])
        #expect(parties("Meridian International gave more.") == ["Meridian International"])
    }

    @Test func roleComesFromTheHeadAndCentralBanksAreTheirStates() throws {
        func role(_ s: String) throws -> String {
            let name = try #require(parties(s).first)
            let code = Gazetteer.organisationPrefix + Tokenizer.words(name).joined(separator: " ")
            return Gazetteer.role(of: Party(name: name, code: code, kind: .institution))
        }
        #expect(try role("Help came from the Harlow Family Foundation.") == "foundation")
        #expect(try role("Help came from the Bank of Lusaka.") == "lender")
        #expect(try role("Help came from the State Bank of Lusaka.") == "state")
        #expect(try role("Help came from the Meridian Development Fund.") == "fund")
        #expect(try role("Help came from the Ostrava Relief Society.") == "ngo")
    }

    @Test func listedNamesWinAndForStopsAtAParty() {
        // a listed name after "the" stays that party; the shape does not swallow it
        #expect(parties("A loan from the European Investment Bank arrived.") == ["European Investment Bank"])
        // "for" + a listed country is the money's receiver, not part of the name
        #expect(parties("A grant from the Kessler Foundation for Kenya.") == ["Kessler Foundation", "Kenya"])
        // "for" + a word that names no party stays inside
        #expect(parties("A grant from the Kessler Foundation for Literacy.") == ["Kessler Foundation for Literacy"])
        // a country-named fund is the fund (a fund that receives money is the recipient)
        #expect(parties("Norway paid into the Chad Schools Fund.") == ["Norway", "Chad Schools Fund"])
    }

    @Test func aListedNameBeforeATitleWordOpensTheOrganisation() {
        #expect(parties("The Lusaka Development Bank gave 8 billion yuan to Chad.") == ["Lusaka Development Bank", "Chad"])
        // a short sentence of long names is no title-case headline
        #expect(parties("The Kessler Development Bank lent to Chad.") == ["Kessler Development Bank", "Chad"])
    }

    @Test func noHeadOneWordOrTitleCaseMakesNone() {
        #expect(parties("Officials of the Ministry said more would come.").isEmpty)
        #expect(parties("The Foundation said it would give more.").isEmpty)
        #expect(parties("International Conference Opens In Lusaka With New Pledges").isEmpty)
        #expect(parties("LUSAKA CITY, May 3 - donors met.").isEmpty)
    }

    @Test func fromAnOrganisationNamesTheGiver() throws {
        let f = try attrFigures("Pledges included $40 million from the Harlow Family Foundation; $25 million from the Ostrava Charitable Trust; and $5 million from Meridian International.")
        try #require(f.count == 3)
        #expect(f.map { $0.donor?.name } == ["Harlow Family Foundation", "Ostrava Charitable Trust", "Meridian International"])
    }
}
