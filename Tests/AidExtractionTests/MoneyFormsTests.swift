import Foundation
import Testing
@testable import AidExtraction

// Issue 10 item 4, "the money forms": the Australian "$US", the development banks' unit of
// account, crowns and their country, "and a half", "respectively" lists, and the bare "$" of a
// Canadian, Australian or New Zealand text. Every sentence here was written for these tests.

private let recognizer = MoneyRecognizer()

/// (text, amount, amount_max, currency) of every expression found in `text`.
private func found(_ text: String) -> [(String, Decimal, Decimal?, String)] {
    recognizer.recognize(text).map { ($0.text, $0.amount, $0.amountMax, $0.currency) }
}

private func expectOne(_ text: String, _ amount: String, _ currency: String, text surface: String? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) {
    let f = recognizer.recognize(text)
    #expect(f.count == 1, "\(text): \(f.map { "\($0.text)=\($0.amount) \($0.currency)" })", sourceLocation: sourceLocation)
    guard let m = f.first else { return }
    #expect(m.amount == Decimal(string: amount), "\(text): \(m.amount)", sourceLocation: sourceLocation)
    #expect(m.currency == currency, "\(text): \(m.currency)", sourceLocation: sourceLocation)
    if let surface { #expect(m.text == surface, "\(text): text \(m.text)", sourceLocation: sourceLocation) }
}

private func currencies(_ text: String) -> [String] { recognizer.recognize(text).map(\.currency) }

@Suite("Money forms: dollars named after the $ sign")
struct DollarSuffixTests {
    static let cases: [(String, String, String, String)] = [
        ("Canberra said the mine deal was worth $US50 million.", "50000000", "USD", "$US50 million"),
        ("The pipeline will cost $US 2.5 billion over ten years.", "2500000000", "USD", "$US 2.5 billion"),
        ("Exports rose to $US350million last year.", "350000000", "USD", "$US350million"),
        ("A grant of $A 3 million went to the reef.", "3000000", "AUD", "$A 3 million"),
        ("Farmers received $NZ40m in relief.", "40000000", "NZD", "$NZ40m"),
    ]

    @Test(arguments: cases) func dollarSuffix(_ c: (String, String, String, String)) {
        expectOne(c.0, c.1, c.2, text: c.3)
    }

    /// The prefixes written before the sign were already there; they still work.
    @Test(arguments: [("US$", "USD"), ("A$", "AUD"), ("AU$", "AUD"), ("C$", "CAD"), ("CA$", "CAD"), ("NZ$", "NZD")])
    func prefixBeforeTheSign(_ c: (String, String)) {
        expectOne("The council set aside \(c.0)12 million for roads.", "12000000", c.1)
        expectOne("The council set aside \(c.0) 12 million for roads.", "12000000", c.1)
    }

    @Test func lettersAfterTheSignWithoutANumberAreNotMoney() {
        #expect(found("The $US economy slowed while the $A fell.").isEmpty)
        #expect(currencies("It cost $USD 40.") == ["USD"])
    }

    @Test func hedgesStillApply() throws {
        let f = recognizer.recognize("The partners would give up to $US500million next year.")
        try #require(f.count == 1)
        #expect(f[0].hedge == "up to")
        #expect(f[0].text == "up to $US500million")
    }
}

@Suite("Money forms: the unit of account (XUA)")
struct UnitOfAccountTests {
    static let cases: [(String, String)] = [
        ("The bank approved UA 10 million for the dam.", "10000000"),
        ("The bank approved UA10 million for the dam.", "10000000"),
        ("The bank approved 10 million UA for the dam.", "10000000"),
        ("The bank approved UA 1.2 billion for the corridor.", "1200000000"),
        ("The bank approved UA 2.75 for each unit.", "2.75"),
        ("The bank approved UA 1,500,000 for a study.", "1500000"),
        ("The board lent 42.6 million units of account to the utility.", "42600000"),
        ("The board lent 3 million Units of Account to the utility.", "3000000"),
        ("The board lent one unit of account as a token.", "1"),
    ]

    @Test(arguments: cases) func unitOfAccount(_ c: (String, String)) { expectOne(c.0, c.1, "XUA") }

    @Test(arguments: [
        "The UA said nothing about the loan.",
        "Passengers of flight UA 857 waited for hours.",
        "The UA 2022 report was late.",
        "Amounts are given in UA throughout.",
        "The bank approved ua 10 million.",
        "The unit of account is defined by a basket.",
    ]) func theLettersAloneAreNotMoney(_ text: String) {
        #expect(found(text).isEmpty, "\(text): \(found(text))")
    }

    /// "account" is a known word now; as a noun after an amount it still blocks "a dollar".
    @Test func aDollarAccountIsNotMoney() {
        #expect(found("She opened a dollar account at the bank.").isEmpty)
        #expect(found("She opened a euro account.").isEmpty)
    }
}

@Suite("Money forms: shillings take the country of the text")
struct ShillingContextTests {
    @Test func writtenOutShillingsAndTheirCodes() {
        #expect(currencies("It lent 40 million Kenyan shillings and 9 million Somali shillings.") == ["KES", "SOS"])
        #expect(currencies("He paid USh 5,000,000 and TSh 2 billion.") == ["UGX", "TZS"])
    }

    @Test func shFollowsTheCountryNamed() {
        #expect(currencies("Kenya received a Sh 2.5 billion grant from Japan.") == ["KES"])
        #expect(currencies("In Dodoma, the ministry said Sh 300 million was set aside.") == ["TZS"])
        #expect(currencies("The Ugandan ministry got Shs 40 billion on Monday.") == ["UGX"])
        #expect(currencies("Kampala approved the loan. Farmers get 12 million shillings.") == ["UGX"])
        // the document's most named country when the sentence names none
        let text = "Uganda and Kenya met in Kampala. Ugandan officials were pleased. The fund adds Sh 8 billion."
        #expect(currencies(text) == ["UGX"])
    }

    @Test func withNoCountryTheTablesCodeStands() {
        #expect(currencies("The fund adds Sh 8 billion this year.") == ["KES"])
        #expect(currencies("The fund adds Shs 8 billion this year.") == ["UGX"])
    }

    @Test func shThatIsNotMoney() {
        // strict: a bare small number after "Sh" is no sum ("Sh 2" in a list, a name)
        #expect(found("Item Sh 2 was read aloud.").isEmpty)
        #expect(found("She said shh 5 times.").isEmpty)
    }
}

@Suite("Money forms: crowns, kroner and kronor take the country of the text")
struct CrownContextTests {
    @Test func explicitAdjectives() {
        #expect(currencies("It paid 40 million Danish crowns.") == ["DKK"])
        #expect(currencies("It paid 40 million Norwegian crowns.") == ["NOK"])
        #expect(currencies("It paid 40 million Swedish crowns.") == ["SEK"])
        #expect(currencies("It paid 40 million Czech crowns.") == ["CZK"])
        #expect(currencies("It paid 40 million Icelandic crowns.") == ["ISK"])
        #expect(currencies("It paid 40 million Danish kroner and 5 million Norwegian kroner.") == ["DKK", "NOK"])
    }

    @Test func bareCrownsFollowTheCountryNamed() {
        #expect(currencies("The Czech cabinet will send 25 million crowns to schools in Kharkiv.") == ["CZK"])
        #expect(currencies("Prague approved the plan. The money, 25 million crowns, goes to schools.") == ["CZK"])
        #expect(currencies("Stockholm doubled its support. It adds 700 million crowns this year.") == ["SEK"])
        #expect(currencies("Copenhagen doubled its support. It adds 700 million crowns this year.") == ["DKK"])
        #expect(currencies("Oslo doubled its support. It adds 700 million crowns this year.") == ["NOK"])
    }

    @Test func bareCrownsWithNoCountryAreLeftOut() {
        #expect(found("The fund adds 700 million crowns this year.").isEmpty)
        // Equal mentions: no country wins.
        #expect(found("Denmark and Sweden met. Officials agreed. The fund adds 700 million crowns.").isEmpty)
    }

    @Test func crownsThatAreNotMoney() {
        #expect(found("In Stockholm the team won three Crowns at home.").isEmpty)
        #expect(found("The Swedish museum shows two crown jewels.").isEmpty)
        #expect(found("Prague saw a crown placed on the statue.").isEmpty)
    }

    @Test func kronerIsDanishInADanishText() {
        #expect(currencies("Denmark's parliament approved 9 billion kroner for the fund.") == ["DKK"])
        #expect(currencies("The Danish minister spoke on Monday. The package is worth 9 billion kroner.") == ["DKK"])
        // Nothing named: NOK, as before.
        #expect(currencies("The package is worth 9 billion kroner.") == ["NOK"])
        #expect(currencies("Norway's government adds 3 billion kroner.") == ["NOK"])
    }

    @Test func theSentenceWinsOverTheDocument() {
        let text = "Denmark and Norway both pledged help. Copenhagen will give 2 billion kroner. "
            + "Norway will give 1 billion kroner more. Danish officials praised the Danish plan."
        #expect(currencies(text) == ["DKK", "NOK"])
    }

    @Test func aidAgenciesNamedAfterACountryDoNotCount() {
        let text = "Sweden will route 80 million kronor through the Norwegian Refugee Council and the "
            + "Norwegian Refugee Council's partners, and 20 million crowns through the Danish Refugee Council."
        #expect(currencies(text) == ["SEK", "SEK"])
    }

    @Test func kronorAndKrona() {
        #expect(currencies("The package is worth 5 billion kronor.") == ["SEK"])
        #expect(currencies("Reykjavik set aside 500 million krona for the harbour.") == ["ISK"])
        #expect(currencies("Denmark set aside 500 million kronor for the harbour.") == ["DKK"])
        #expect(currencies("The bank sold 900 million krónur of bonds.") == ["ISK"])
    }

    @Test func diacriticsAndPlurals() {
        #expect(currencies("It cost 500 korun.") == ["CZK"])
        #expect(currencies("It cost 600 koruny.") == ["CZK"])
        #expect(currencies("It cost 700 Kč.") == ["CZK"])
        #expect(currencies("It cost Kč 800.") == ["CZK"])
        #expect(currencies("It cost 40 złotych and 50 złoty.") == ["PLN", "PLN"])
        #expect(currencies("It cost 60 złotys.") == ["PLN"])
        #expect(currencies("It cost 70 hryvnas, 80 hryvnias and 90 hryvni.") == ["UAH", "UAH", "UAH"])
    }

    /// A range and a respectively list of crowns are decided like one figure.
    @Test func rangesAndListsTakeTheCountryToo() {
        #expect(currencies("Prague will give between 10 and 20 million crowns.") == ["CZK"])
        #expect(currencies("Prague and Brno will give 10 and 20 million crowns respectively.") == ["CZK", "CZK"])
    }
}

@Suite("Money forms: and a half")
struct AndAHalfTests {
    static let cases: [(String, String, String)] = [
        ("The fund received two-and-a-half billion dollars.", "2500000000", "USD"),
        ("The fund received one-and-a-half million euros.", "1500000", "EUR"),
        ("The fund received two and a half billion dollars.", "2500000000", "USD"),
        ("The fund received a billion and a half dollars.", "1500000000", "USD"),
        ("The fund received a million and a half euros.", "1500000", "EUR"),
        ("The fund received three and a quarter million pounds.", "3250000", "GBP"),
        ("The fund received twenty-two and a half million dollars.", "22500000", "USD"),
        ("The fund received 2 and a half billion euros.", "2500000000", "EUR"),
        ("The fund received 4-and-a-half million dollars.", "4500000", "USD"),
        ("The fund received $2 and a half billion.", "2500000000", "USD"),
    ]

    @Test(arguments: cases) func andAHalf(_ c: (String, String, String)) { expectOne(c.0, c.1, c.2) }

    @Test func notEveryHalfIsMoney() {
        #expect(found("They walked two and a half miles.").isEmpty)
        #expect(found("It took a year and a half.").isEmpty)
        // A bare number before "and a half" needs a scale word after it.
        #expect(currencies("She paid $20 and a half of it later.") == ["USD"])
        #expect(recognizer.recognize("She paid $20 and a half of it later.").first?.amount == 20)
    }
}

@Suite("Money forms: respectively lists")
struct RespectivelyListTests {
    @Test func twoItemsShareTheScaleAndCurrency() throws {
        let f = recognizer.recognize("Lyon and Lille will get 12 and 8 million euros, respectively.")
        try #require(f.count == 2)
        #expect(f[0].text == "12")
        #expect(f[0].amount == 12_000_000)
        #expect(f[0].currency == "EUR")
        #expect(f[1].text == "8 million euros")
        #expect(f[1].amount == 8_000_000)
    }

    @Test func symbolsOnEveryItem() {
        let f = found("The three banks lent $3, $4 and $5 billion respectively.")
        #expect(f.map(\.0) == ["$3", "$4", "$5 billion"])
        #expect(f.map(\.1) == [3_000_000_000, 4_000_000_000, 5_000_000_000])
        #expect(f.map(\.3) == ["USD", "USD", "USD"])
    }

    @Test func decimalsAndTheSerialComma() {
        #expect(found("Rome and Milan pledged 1.5 and 2 billion euros respectively.").map(\.1)
                == [1_500_000_000, 2_000_000_000])
        #expect(found("The towns got 1, 2, and 3.5 million pounds, respectively.").map(\.1)
                == [1_000_000, 2_000_000, 3_500_000])
        #expect(found("The towns got £1, £2, and £3.5 million, respectively.").map(\.1)
                == [1_000_000, 2_000_000, 3_500_000])
    }

    @Test func respectivelyLaterInTheClauseOrBeforeTheList() {
        #expect(found("They sent 30 and 45 million dollars to Kyiv and Odesa, respectively.").map(\.1)
                == [30_000_000, 45_000_000])
        #expect(found("Kyiv and Odesa received, respectively, 30 and 45 million dollars.").map(\.1)
                == [30_000_000, 45_000_000])
    }

    @Test func withoutRespectivelyNothingChanges() {
        #expect(found("Lyon will get 12 and 8 million euros.").map(\.1) == [8_000_000])
        #expect(found("The banks lent $3, $4 and $5 billion.").map(\.1) == [3, 4, 5_000_000_000])
        // The sentence ends before "respectively".
        #expect(found("Lyon will get 12 and 8 million euros. Paris and Nice respectively agreed.").map(\.1) == [8_000_000])
    }

    @Test func rangesAreNotLists() throws {
        let f = recognizer.recognize("The ministry will provide between $3 and $4 billion.")
        try #require(f.count == 1)
        #expect(f[0].amount == 3_000_000_000)
        #expect(f[0].amountMax == 4_000_000_000)
        let g = recognizer.recognize("The two funds need between $3 and $4 billion respectively.")
        try #require(g.count == 1)
        #expect(g[0].amountMax == 4_000_000_000)
    }

    @Test func yearsPercentagesAndOtherCurrenciesAreNotItems() {
        #expect(found("In 2022 and 2023 they gave 5 and 6 million euros respectively.").map(\.1) == [5_000_000, 6_000_000])
        #expect(found("Prices rose 12% and 8 million euros went to Lyon and Nice respectively.").map(\.1) == [8_000_000])
        #expect(found("They gave $12 and 8 million euros respectively.").map(\.3) == ["USD", "EUR"])
        #expect(found("They gave $12 and 8 million euros respectively.").map(\.1) == [12, 8_000_000])
        // Minor units are no shared multiplier.
        #expect(found("Stamps cost 12 and 8 cents respectively.").map(\.1) == [Decimal(string: "0.08")])
    }
}

@Suite("Money forms: the bare dollar of a Canadian, Australian or New Zealand text")
struct BareDollarContextTests {
    @Test func theActorOfTheSentence() {
        #expect(currencies("Canada will send $50 million in winter gear, the minister said.") == ["CAD"])
        #expect(currencies("Ottawa approved a further $12 million for demining.") == ["CAD"])
        #expect(currencies("The Canadian government announced $8 million for shelters.") == ["CAD"])
        #expect(currencies("Australia has committed $25 million to the coalition.") == ["AUD"])
        #expect(currencies("Canberra will add $7 million.") == ["AUD"])
        #expect(currencies("New Zealand will provide $4 million in food aid.") == ["NZD"])
        #expect(currencies("Wellington pledged $2 million.") == ["NZD"])
        #expect(currencies("The package of $40 million was announced by Canada on Friday.") == ["CAD"])
        #expect(currencies("Canada pledged 30 million dollars to the fund.") == ["CAD"])
    }

    @Test func notTheActorStaysUSD() {
        #expect(currencies("The World Bank sent $50 million to Canada.") == ["USD"])
        #expect(currencies("A firm based in Canada sold its stake for $11 million.") == ["USD"])
        #expect(currencies("Talks with Australia covered the $9 million grant.") == ["USD"])
        #expect(currencies("The bank in canada lent $5 million.") == ["USD"])  // not capitalised
    }

    @Test func theUnitedStatesInTheSentenceStaysUSD() {
        #expect(currencies("The US and Canada will send $50 million.") == ["USD"])
        #expect(currencies("Canada matched the $50 million the United States gave.") == ["USD"])
        #expect(currencies("Canada joined the U.S. in giving $50 million.") == ["USD"])
        #expect(currencies("Canada and Australia each gave $5 million.") == ["USD"])
    }

    @Test func explicitPrefixesAreNeverChanged() {
        #expect(currencies("Canada will send US$50 million.") == ["USD"])
        #expect(currencies("Australia will send $US50 million.") == ["USD"])
        #expect(currencies("Canada will send 50 million US dollars.") == ["USD"])
        #expect(currencies("Canada will send 50 million USD.") == ["USD"])
        #expect(currencies("Australia will send A$50 million.") == ["AUD"])
    }

    @Test func aTextThatWritesTheLocalDollarExplicitlyUsesTheBareSignForUSD() {
        #expect(currencies("Canada pledged C$500 million, or about $370 million.") == ["CAD", "USD"])
        #expect(currencies("Canada pledged 500 million Canadian dollars ($370 million).") == ["CAD", "USD"])
    }

    @Test func aConversionInUSDollarsDoesNotHideTheActor() {
        #expect(currencies("Canada pledged $500 million (US$370 million).") == ["CAD", "USD"])
    }

    @Test func theDocumentAsAWhole() {
        let australian = """
            Australia's foreign minister visited the Pacific this week.
            The Australian government said the visit would strengthen ties.
            Aid from the Australian government totals $60 million, with $4 million more from charities.
            """
        #expect(currencies(australian) == ["AUD", "AUD"])
        // Named only twice: not enough for the document rule.
        let brief = "Aid from Australian charities totals $60 million. Australians gave more than ever."
        #expect(currencies(brief) == ["USD"])
        // The United States named more often: the document rule stays out.
        let mixed = """
            Canada and the United States met in Ottawa. The Canadian side and the US side agreed.
            Washington will lead, American officials said. Aid to the region totals $60 million.
            """
        #expect(currencies(mixed) == ["USD"])
        // As often: it applies (the United States is not named more).
        let even = """
            Canada and the United States met in Ottawa. The Canadian side and the US side agreed.
            Washington will lead. Aid to the region totals $60 million.
            """
        #expect(currencies(even) == ["CAD"])
        // A sentence that names the United States stays USD even in a Canadian text.
        let canadian = """
            Canada's defence minister spoke in Ottawa. Canadian troops will train Ukrainian pilots.
            The Canadian contribution this year is $30 million. Meanwhile the Pentagon approved $400 million.
            """
        #expect(currencies(canadian) == ["CAD", "USD"])
    }

    @Test func aidAgenciesAndCurrencyNamesAreNotCountries() {
        // "Canadian dollars" names a currency (and is explicit), not an actor.
        #expect(currencies("The Canadian dollar fell to $0.72 on Monday.") == ["USD"])
    }

    /// The fast path and the reference path run the same document passes.
    @Test func bothPathsAgree() {
        for t in ["Canada will send $50 million.", "Prague gives 25 million crowns.", "Lyon gets 12 and 8 million euros respectively.",
                  "It costs $US5 and UA 3 million and two-and-a-half billion dollars.", "40 crowns", "$3, $4 and $5 billion respectively"] {
            #expect(recognizer.recognize(t) == recognizer.recognizeReference(t), "\(t)")
        }
    }

    /// Long documents stay linear: a megabyte of bare dollars next to country names.
    @Test func manyFiguresNearCountryNames() {
        let text = String(repeating: "Canada gave $1 and the US $2 then Australia $3 ", count: 20_000)
        let f = recognizer.recognize(text)
        #expect(f.count == 60_000)
        #expect(f.allSatisfy { $0.currency == "USD" })  // one sentence names the United States
        let g = recognizer.recognize(String(repeating: "Canada gave $1. ", count: 50_000))
        #expect(g.count == 50_000)
        #expect(g.allSatisfy { $0.currency == "CAD" })
    }
}

@Suite("Money forms: the IMF's special drawing rights (XDR)")
struct SpecialDrawingRightsTests {
    static let cases: [(String, String)] = [
        ("The Fund released SDR 240 million to the treasury.", "240000000"),
        ("The Fund released SDR240 million to the treasury.", "240000000"),
        ("The Fund released SDR 1.15 billion under the programme.", "1150000000"),
        ("The Fund released 75 million special drawing rights to the treasury.", "75000000"),
    ]

    @Test(arguments: cases) func specialDrawingRights(_ c: (String, String)) { expectOne(c.0, c.1, "XDR") }

    @Test(arguments: [
        "The SDR said nothing about the loan.",
        "The SDR 2021 allocation was large.",
        "Special drawing rights are a reserve asset.",
    ]) func theLettersAloneAreNotMoney(_ text: String) {
        #expect(found(text).isEmpty, "\(text): \(found(text))")
    }
}

/// The Bangladeshi press writes the taka "Tk" (also "Tk."), usually with lakh or crore.
@Suite("Money forms: the taka written Tk")
struct TakaTests {
    @Test func takaBeforeTheNumber() {
        expectOne("The bridge loan is Tk 3,250 crore, the ministry said.", "32500000000", "BDT", text: "Tk 3,250 crore")
        expectOne("Donors pledged Tk. 45 crore for the flood districts.", "450000000", "BDT")
        expectOne("It costs Tk 12.5 million to run.", "12500000", "BDT")
    }
    @Test func aBareTkNumberIsNoMoney() {
        // strict: without a scale, a decimal or a grouped number "Tk" may be anything
        #expect(found("Room Tk 12 is closed.").isEmpty)
    }
}
