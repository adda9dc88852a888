import Testing
@testable import AidExtraction

@Suite("Gazetteer")
struct GazetteerTests {
    let g = Gazetteer()

    @Test func rolesNameKnownPartiesAndDefaultByKind() throws {
        for code in Gazetteer.roles.keys { #expect(g.party(code: code) != nil, "roles.tsv names \(code), not in parties.tsv") }
        let party = { (name: String) throws -> Party in try #require(self.g.resolve(name)) }
        #expect(Gazetteer.role(of: try party("Tunisia")) == "oda-recipient")
        #expect(Gazetteer.role(of: try party("Ukraine")) == "oda-recipient")
        #expect(Gazetteer.role(of: try party("Germany")) == "state")
        #expect(Gazetteer.role(of: try party("IMF")) == "lender")
        #expect(Gazetteer.role(of: try party("UNICEF")) == "agency")
        #expect(Gazetteer.role(of: Party(name: "Some Body", code: "XYZBODY", kind: .institution)) == "institution")
    }

    @Test func regionsAreRecipientsAndLongerNamesWin() throws {
        #expect(g.resolve("Africa")?.code == "AFRICA")
        #expect(g.resolve("South Africa")?.code == "ZAF")
        #expect(g.resolve("the Sahel")?.code == "SAHEL")
        #expect(g.resolve("Middle East")?.code == "MIDEAST")
        #expect(Gazetteer.role(of: try #require(g.resolve("Africa"))) == "region")
        let f = try attrFigures("China will provide $5 billion of loans to Africa.")
        try #require(f.count == 1)
        #expect(f[0].recipient?.code == "AFRICA")
        #expect(f[0].donor?.code == "CHN")
    }

    @Test func theTwoCongosAreNotConfused() throws {
        // "Congo" alone is Brazzaville's; inside the longer name it is Kinshasa's
        #expect(try attrFigures("Chile gave $5 million to the Democratic Republic of Congo.").first?.recipient?.code == "COD")
        #expect(try attrFigures("Chile gave $5 million to the Democratic Republic of the Congo.").first?.recipient?.code == "COD")
        #expect(try attrFigures("Chile gave $5 million to the Republic of Congo.").first?.recipient?.code == "COG")
    }

    @Test func globalFundsAndStateCompaniesThatReceiveAidAreParties() throws {
        // vertical and climate funds, and the state companies aid to Ukraine's grid is lent to
        #expect(g.resolve("Global Polio Eradication Initiative")?.code == "GPEI")
        #expect(g.resolve("Adaptation Fund")?.code == "ADAPTF")
        #expect(g.resolve("Global Environment Facility")?.code == "GEF")
        #expect(g.resolve("United Nations Framework Convention on Climate Change")?.code == "UNFCCC")
        #expect(Gazetteer.role(of: try #require(g.party(code: "GPEI"))) == "fund")
        let f = try attrFigures("Chile lent €40 million to Ukrenergo for transformer repairs.")
        #expect(f.first?.recipient?.code == "UKRENERGO", "\(f.map { $0.recipient?.code })")
    }

    @Test func markedLongNamesAreWrittenOut() {
        // seeds/parties.tsv writes {UN}, {Intl}, {HA}; readers see the full names
        #expect(g.resolve("International Organisation for Migration")?.code == "IOM")
        #expect(SeedData.partyRows.contains { $0.joined(separator: "\t").contains("Humanitarian Affairs") })
        #expect(g.party(code: "UNDP")?.name.hasPrefix("United Nations ") == true)
        #expect(g.party(code: "ICRC")?.name.hasPrefix("International ") == true)
        #expect(SeedData.partyRows.allSatisfy { !$0.joined(separator: "\t").contains("{") })
    }

    @Test func namesAndAliases() {
        #expect(g.resolve("United States")?.code == "USA")
        #expect(g.resolve("U.S.")?.code == "USA")
        #expect(g.resolve("Britain")?.code == "GBR")
        #expect(g.resolve("Moldova")?.code == "MDA")
        #expect(g.resolve("Republic of Moldova")?.code == "MDA")
        #expect(g.resolve("Group of Seven")?.code == "G7")
        #expect(g.resolve("European Commission")?.kind == .institution)
        #expect(g.resolve("IMF")?.name == "International Monetary Fund")
    }
    @Test func metonymsAndCapitals() {
        #expect(g.resolve("Washington")?.code == "USA")
        #expect(g.resolve("the Pentagon")?.code == "USA")
        #expect(g.resolve("the Biden administration")?.code == "USA")
        #expect(g.resolve("Downing Street")?.code == "GBR")
        #expect(g.resolve("Brussels")?.code == "EU")
        #expect(g.resolve("Berlin")?.code == "DEU")
        #expect(g.resolve("Tokyo")?.code == "JPN")
        #expect(g.resolve("Kyiv")?.code == "UKR")
    }
    @Test func demonyms() {
        #expect(g.resolve("Swedish")?.code == "SWE")
        #expect(g.resolve("Dutch")?.code == "NLD")
    }
    @Test func acronymsMatchOnlyInCapitals() {
        #expect(g.resolve("us") == nil)
        #expect(g.resolve("who") == nil)
        #expect(g.resolve("WHO")?.code == "WHO")
    }
    @Test func unknownNamesStayNil() {
        #expect(g.resolve("Atlantis") == nil)
        #expect(g.resolve("") == nil)
        #expect(g.resolve("the ministry") == nil)
    }
    @Test func everyUNMemberIsPresent() {
        let countries = SeedData.rows("parties.tsv").filter { $0.count > 1 && $0[1] == "country" }
        #expect(countries.count >= 193)
        #expect(g.party(code: "TUV")?.name == "Tuvalu")
    }
    @Test func userAliasesAddAndOverride() {
        let u = Gazetteer(userAliases: ["Sida": "SWE", "Norad": "NOR", "Nowhere": "XXX"])
        #expect(u.resolve("Sida")?.code == "SWE")
        #expect(u.resolve("Norad")?.code == "NOR")
        #expect(u.resolve("Nowhere") == nil)
        #expect(g.resolve("Norad") == nil)
    }
    @Test func demonymInTextNeedsAGovernmentWord() throws {
        let f = try attrFigures("The Lithuanian government sent €2 million to Ukraine.")
        #expect(f.first?.donor?.code == "LTU")
        let h = try attrFigures("Lithuanian volunteers sent €2 million to Ukraine.")
        #expect(h.first?.donor == nil)
    }
    @Test func longerProperNameIsNotTheCountry() throws {
        // the fund is a party of its own (an organisation by its name's shape), never Ukraine
        let f = try attrFigures("The Ukraine Recovery Fund transferred $5 million to Moldova.")
        #expect(f.first?.donor?.code != "UKR")
        #expect(f.first?.donor?.name == "Ukraine Recovery Fund")
        let g = try attrFigures("The Ukraine Recovery Facility transferred $5 million to Moldova.")
        #expect(g.first?.donor == nil)
    }
}

@Suite("Gazetteer: a demonym before its people names the country")
struct DemonymPeopleTests {
    @Test func demonymPeopleAreTheRecipient() throws {
        let f = try Extractor(model: nil).extract(Article(text: "Kuwait pledged $5 million for Syrian refugees in Jordan.")).figures
        #expect(f.first?.recipient?.code == "SYR")
        #expect(f.first?.donor?.code == "KWT")
    }

    @Test func aDemonymAloneIsStillNoParty() throws {
        let f = try Extractor(model: nil).extract(Article(text: "Kuwait pledged $5 million to a Syrian charity.")).figures
        #expect(f.first?.recipient?.code != "SYR")
    }
}
