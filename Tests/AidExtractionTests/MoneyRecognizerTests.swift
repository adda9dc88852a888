import Foundation
import Testing
@testable import AidExtraction

/// One expected money expression: amount (and high end), currency, hedge.
struct MoneyCase: Sendable, CustomStringConvertible {
    let text: String
    let expected: [(amount: String, max: String?, currency: String)]
    var description: String { text }
    init(_ text: String, _ expected: [(String, String?, String)]) {
        self.text = text
        self.expected = expected.map { (amount: $0.0, max: $0.1, currency: $0.2) }
    }
    init(_ text: String, _ amount: String, _ currency: String, max: String? = nil) {
        self.init(text, [(amount, max, currency)])
    }
}

private let recognizer = MoneyRecognizer()

private func check(_ c: MoneyCase, sourceLocation: SourceLocation = #_sourceLocation) {
    let found = recognizer.recognize(c.text)
    #expect(found.count == c.expected.count, "\(c.text): \(found.map { "\($0.text)=\($0.amount) \($0.currency)" })",
            sourceLocation: sourceLocation)
    for (f, e) in zip(found, c.expected) {
        #expect(f.amount == Decimal(string: e.amount), "\(c.text): amount \(f.amount)", sourceLocation: sourceLocation)
        #expect(f.currency == e.currency, "\(c.text): currency \(f.currency)", sourceLocation: sourceLocation)
        #expect(f.amountMax == e.max.flatMap { Decimal(string: $0) }, "\(c.text): max \(String(describing: f.amountMax))",
                sourceLocation: sourceLocation)
    }
}

@Suite("Money recogniser: forms")
struct MoneyFormTests {
    static let numeralsCases: [MoneyCase] = [
        MoneyCase("The grant totals $1,250,000 this year.", "1250000", "USD"),
        MoneyCase("A fee of $1.25 was charged.", "1.25", "USD"),
        MoneyCase("Officials set aside $2.5bn for shelters.", "2500000000", "USD"),
        MoneyCase("It gave €1 250 000 to the fund.", "1250000", "EUR"),
        MoneyCase("It gave €1\u{00A0}250\u{00A0}000 to the fund.", "1250000", "EUR"),
        MoneyCase("It gave €1\u{2009}250\u{2009}000 to the fund.", "1250000", "EUR"),
        MoneyCase("The loan of Rs 12,34,567.89 was approved.", "1234567.89", "INR"),
        MoneyCase("Price: $.99 only", "0.99", "USD"),
        MoneyCase("They paid $10000 in cash.", "10000", "USD"),
    ]

    static let scalesCases: [MoneyCase] = [
        MoneyCase("a $4 thousand bonus", "4000", "USD"),
        MoneyCase("up $7 million", "7000000", "USD"),
        MoneyCase("Kyiv got $3 billion.", "3000000000", "USD"),
        MoneyCase("a $2 trillion economy", "2000000000000", "USD"),
        MoneyCase("a £40k salary", "40000", "GBP"),
        MoneyCase("a €15m contract", "15000000", "EUR"),
        MoneyCase("a $15mn credit line", "15000000", "USD"),
        MoneyCase("a $15 mln credit line", "15000000", "USD"),
        MoneyCase("a $20M fund", "20000000", "USD"),
        MoneyCase("a €6bn facility", "6000000000", "EUR"),
        MoneyCase("a €6 bln facility", "6000000000", "EUR"),
        MoneyCase("a $9b deal", "9000000000", "USD"),
        MoneyCase("a $1.2tn stimulus", "1200000000000", "USD"),
        MoneyCase("a $1.2 trn stimulus", "1200000000000", "USD"),
        MoneyCase("a $3T market", "3000000000000", "USD"),
        MoneyCase("a €8B plan", "8000000000", "EUR"),
        MoneyCase("a grant of 5 lakh rupees", "500000", "INR"),
        MoneyCase("a grant of 3 crore rupees", "30000000", "INR"),
        MoneyCase("a package of Rs 2 lakh crore", "2000000000000", "INR"),
    ]

    static let wordsCases: [MoneyCase] = [
        MoneyCase("It pledged three billion euros.", "3000000000", "EUR"),
        MoneyCase("It pledged twenty-five million dollars.", "25000000", "USD"),
        MoneyCase("It pledged nine hundred ninety-nine dollars.", "999", "USD"),
        MoneyCase("It pledged two hundred and forty thousand pounds.", "240000", "GBP"),
        MoneyCase("It pledged a billion dollars.", "1000000000", "USD"),
        MoneyCase("It pledged one million yen.", "1000000", "JPY"),
        MoneyCase("It pledged half a billion dollars.", "500000000", "USD"),
        MoneyCase("It pledged one and a half billion Swiss francs.", "1500000000", "CHF"),
        MoneyCase("It pledged a quarter of a billion pounds.", "250000000", "GBP"),
        MoneyCase("It pledged three quarters of a million euros.", "750000", "EUR"),
        MoneyCase("It pledged $1.5 billion.", "1500000000", "USD"),
        MoneyCase("It pledged $2 billion 300 million.", "2300000000", "USD"),
        MoneyCase("It pledged 2 billion 300 million dollars.", "2300000000", "USD"),
        MoneyCase("It pledged seven hundred fifty thousand hryvnias.", "750000", "UAH"),
    ]

    static let currenciesCases: [MoneyCase] = [
        MoneyCase("paid US$40 million", "40000000", "USD"),
        MoneyCase("paid U.S.$40 million", "40000000", "USD"),
        MoneyCase("paid C$40 million", "40000000", "CAD"),
        MoneyCase("paid CA$40 million", "40000000", "CAD"),
        MoneyCase("paid A$40 million", "40000000", "AUD"),
        MoneyCase("paid AU$40 million", "40000000", "AUD"),
        MoneyCase("paid NZ$40 million", "40000000", "NZD"),
        MoneyCase("paid HK$40 million", "40000000", "HKD"),
        MoneyCase("paid €40 million", "40000000", "EUR"),
        MoneyCase("paid £40 million", "40000000", "GBP"),
        MoneyCase("paid ¥40 million", "40000000", "JPY"),
        MoneyCase("paid ₴40 million", "40000000", "UAH"),
        MoneyCase("paid ₹40 million", "40000000", "INR"),
        MoneyCase("paid ₽40 million", "40000000", "RUB"),
        MoneyCase("paid 40 million zł", "40000000", "PLN"),
        MoneyCase("paid ₩40 million", "40000000", "KRW"),
        MoneyCase("paid ₺40 million", "40000000", "TRY"),
        MoneyCase("paid Fr. 40 million", "40000000", "CHF"),
        MoneyCase("paid CHF 40 million", "40000000", "CHF"),
        MoneyCase("paid USD 40 million", "40000000", "USD"),
        MoneyCase("paid 40 million USD", "40000000", "USD"),
        MoneyCase("paid EUR3bn", "3000000000", "EUR"),
        MoneyCase("paid SEK 900 million", "900000000", "SEK"),
        MoneyCase("paid 40 million dollars", "40000000", "USD"),
        MoneyCase("paid 40 million US dollars", "40000000", "USD"),
        MoneyCase("paid 40 million Canadian dollars", "40000000", "CAD"),
        MoneyCase("paid 40 million Euros", "40000000", "EUR"),
        MoneyCase("paid one euro", "1", "EUR"),
        MoneyCase("paid 40 million pounds", "40000000", "GBP"),
        MoneyCase("paid 40 million pounds sterling", "40000000", "GBP"),
        MoneyCase("paid 40 million sterling", "40000000", "GBP"),
        MoneyCase("paid 40 million yen", "40000000", "JPY"),
        MoneyCase("paid 40 million Swiss francs", "40000000", "CHF"),
        MoneyCase("paid 40 million kronor", "40000000", "SEK"),
        MoneyCase("paid 40 million kroner", "40000000", "NOK"),
        MoneyCase("paid 40 million Danish kroner", "40000000", "DKK"),
        MoneyCase("paid 40 million zlotys", "40000000", "PLN"),
        MoneyCase("paid 40 million zloty", "40000000", "PLN"),
        MoneyCase("paid 40 million hryvnia", "40000000", "UAH"),
        MoneyCase("paid 40 million roubles", "40000000", "RUB"),
        MoneyCase("paid 40 million rubles", "40000000", "RUB"),
        MoneyCase("paid 40 million yuan", "40000000", "CNY"),
        MoneyCase("paid 40 million renminbi", "40000000", "CNY"),
        MoneyCase("paid 40 million rupees", "40000000", "INR"),
        MoneyCase("paid 40 billion won", "40000000000", "KRW"),
        MoneyCase("paid 40 million lira", "40000000", "TRY"),
        MoneyCase("paid RM 40", "40", "MYR"),
        MoneyCase("paid 40 ₡", "40", "CRC"),
        MoneyCase("paid 40₾", "40", "GEL"),
        MoneyCase("paid $ 75 million", "75000000", "USD"),
        MoneyCase("paid c $ 16.4 million", "16400000", "CAD"),
        MoneyCase("paid 30 MUSD", "30000000", "USD"),
        MoneyCase("paid 40€", "40", "EUR"),
        MoneyCase("paid 40$", "40", "USD"),
        MoneyCase("paid $1,190.00 AUD", "1190", "AUD"),
    ]

    static let smallCases: [MoneyCase] = [
        MoneyCase("a stamp costs 45 cents", "0.45", "USD"),
        MoneyCase("a stamp costs 45c", "0.45", "USD"),
        MoneyCase("a stamp costs 45¢", "0.45", "USD"),
        MoneyCase("a stamp costs 85 pence", "0.85", "GBP"),
        MoneyCase("a stamp costs 85p", "0.85", "GBP"),
        MoneyCase("a ticket costs $7 and 25 cents", "7.25", "USD"),
        MoneyCase("a ticket costs 7 dollars 25 cents", "7.25", "USD"),
        MoneyCase("a ticket costs 7 euros 25", "7.25", "EUR"),
        MoneyCase("he won 30 grand", "30000", "USD"),
        MoneyCase("he won a grand.", "1000", "USD"),
    ]

    @Test(arguments: numeralsCases) func numerals(_ c: MoneyCase) { check(c) }
    @Test(arguments: scalesCases) func scales(_ c: MoneyCase) { check(c) }
    @Test(arguments: wordsCases) func numberWords(_ c: MoneyCase) { check(c) }
    @Test(arguments: currenciesCases) func currencies(_ c: MoneyCase) { check(c) }
    @Test(arguments: smallCases) func smallUnitsAndSlang(_ c: MoneyCase) { check(c) }
}

@Suite("Money recogniser: hedges, ranges, lists")
struct MoneyHedgeRangeTests {
    static let hedgesCases: [(String, String)] = [
        ("nearly $5 billion", "nearly"), ("almost $5 billion", "nearly"), ("about $5 billion", "about"),
        ("around $5 billion", "about"), ("roughly $5 billion", "about"), ("approximately $5 billion", "about"),
        ("some $5 billion", "about"), ("an estimated $5 billion", "an estimated"), ("more than $5 billion", "more than"),
        ("over $5 billion", "more than"), ("up to $5 billion", "up to"), ("at least $5 billion", "at least"),
        ("close to $5 billion", "nearly"), ("just under $5 billion", "nearly"), ("just over $5 billion", "more than"),
        ("in excess of $5 billion", "more than"), ("upwards of $5 billion", "more than"), ("~$5 billion", "about"),
        ("$5 billion-plus", "more than"), ("$5bn+", "more than"),
    ]

    @Test(arguments: hedgesCases) func hedge(_ c: (String, String)) throws {
        let found = recognizer.recognize("Donors gave \(c.0) to the programme.")
        try #require(found.count == 1, "\(c.0)")
        #expect(found[0].hedge == c.1)
        #expect(found[0].approximate)
        #expect(found[0].amount == Decimal(5_000_000_000))
        #expect(found[0].text == c.0, "text \(found[0].text)")
    }

    /// Verbs of a threshold hedge the sum they name: the gold's "approximate" for "will exceed $N".
    static let verbHedgeCases: [(String, String)] = [
        ("Gifts to the fund exceeded $5 billion by May.", "more than"),
        ("Aid this year will exceed $5 billion.", "more than"),
        ("Pledges, exceeding $5 billion, came from 30 states.", "more than"),
        ("Support has surpassed $5 billion.", "more than"),
        ("Total aid is approaching $5 billion.", "nearly"),
        ("Donations are nearing $5 billion.", "nearly"),
    ]

    @Test(arguments: verbHedgeCases) func aThresholdVerbHedges(_ c: (String, String)) throws {
        let found = recognizer.recognize(c.0)
        try #require(found.count == 1, "\(c.0)")
        #expect(found[0].hedge == c.1, "\(c.0)")
        #expect(found[0].approximate)
        #expect(found[0].amount == Decimal(5_000_000_000))
    }

    @Test func noHedgeMeansExact() throws {
        let found = recognizer.recognize("Donors gave $5 billion to the programme.")
        try #require(found.count == 1)
        #expect(found[0].hedge == nil)
        #expect(!found[0].approximate)
    }

    @Test func handedOverIsNotAHedge() throws {
        let found = recognizer.recognize("The bank handed over four million euros on Monday.")
        try #require(found.count == 1)
        #expect(found[0].hedge == nil)
        #expect(found[0].text == "four million euros")
    }

    static let rangesCases: [MoneyCase] = [
        MoneyCase("to provide $1-2 billion in loans", "1000000000", "USD", max: "2000000000"),
        MoneyCase("to provide $1 billion to $2 billion in loans", "1000000000", "USD", max: "2000000000"),
        MoneyCase("to provide between $3 and $4 billion", "3000000000", "USD", max: "4000000000"),
        MoneyCase("to provide between €3 billion and €4 billion", "3000000000", "EUR", max: "4000000000"),
        MoneyCase("to provide €3-4bn", "3000000000", "EUR", max: "4000000000"),
        MoneyCase("to provide €400m–€600m", "400000000", "EUR", max: "600000000"),
        MoneyCase("to provide $3 to $4 billion", "3000000000", "USD", max: "4000000000"),
        MoneyCase("to provide 10-20 dollars", "10", "USD", max: "20"),
        MoneyCase("to provide 7-9 lakh rupees", "700000", "INR", max: "900000"),
        MoneyCase("to provide from $900,000 to $1.2 million", "900000", "USD", max: "1200000"),
    ]

    @Test(arguments: rangesCases) func range(_ c: MoneyCase) throws {
        check(c)
        let found = recognizer.recognize(c.text)
        try #require(found.count == 1)
        #expect(found[0].approximate)
        #expect(found[0].hedge == nil)
    }

    static let listsCases: [MoneyCase] = [
        MoneyCase("Germany gave $1 billion and France $2 billion.", [("1000000000", nil, "USD"), ("2000000000", nil, "USD")]),
        MoneyCase("It sent $1 billion and $2 billion.", [("1000000000", nil, "USD"), ("2000000000", nil, "USD")]),
        MoneyCase("between 4 dollars and 9 euros", [("4", nil, "USD"), ("9", nil, "EUR")]),
        MoneyCase("Tickets: 5 €, 10 €, 20 €.", [("5", nil, "EUR"), ("10", nil, "EUR"), ("20", nil, "EUR")]),
        MoneyCase("$300 million (€276 million) in aid", [("300000000", nil, "USD"), ("276000000", nil, "EUR")]),
    ]

    @Test(arguments: listsCases) func list(_ c: MoneyCase) { check(c) }
}

@Suite("Money recogniser: not money")
struct MoneyNegativeTests {
    static let negativesCases: [String] = [
        "The war began in 2022 and talks resumed on 14 March 2025.",
        "The meeting starts at 10:30 and ends at 2 pm.",
        "Inflation rose 7.5% while output fell 3 percent.",
        "Ministers from over 50 nations and 34 countries attended.",
        "It was the third round and the 21st summit.",
        "Ukraine asked for more F-16 jets and Patriot systems; the G7 agreed.",
        "COVID-19 cases fell.",
        "Call +1 555 123 4567 or 020 7946 0958 for details.",
        "The fund has 300 million members and 5 billion users.",
        "She bought a 5-pound bag of flour.",
        "He carried a twenty pound sack.",
        "One pound of coal burns for hours.",
        "They waited nearly three years, on two occasions.",
        "The euro area and the dollar zone.",
        "A grand total of twelve delegates came.",
        "The document dated 15.08.2017 was signed.",
        "ALL 5 members voted.",
        "It weighs 2.5±0.1 pounds.",
    ]

    @Test(arguments: negativesCases) func notMoney(_ text: String) {
        let found = recognizer.recognize(text)
        #expect(found.isEmpty, "\(text): \(found.map(\.text))")
    }
}

@Suite("Money recogniser: spans")
struct MoneySpanTests {
    @Test func spansCountScalarsAndBytes() throws {
        // "é" is one scalar and two bytes; "€" one scalar and three bytes.
        let text = "Café aid: €5 million, then $7 billion."
        let found = recognizer.recognize(text)
        try #require(found.count == 2)
        let scalars = Array(text.unicodeScalars)
        for m in found {
            let viaScalars = String(String.UnicodeScalarView(scalars[m.span.start..<m.span.end]))
            #expect(viaScalars == m.text)
            let bytes = Array(text.utf8)[m.byteStart..<m.byteEnd]
            #expect(String(decoding: bytes, as: UTF8.self) == m.text)
        }
        #expect(found[0].span == Span(start: 10, end: 20))
        #expect(found[0].byteStart == 11)
    }

    @Test func spansAreRelativeToTheSubstring() throws {
        let whole = "Header line\nBody gives £4 million."
        let body = whole[whole.index(after: whole.firstIndex(of: "\n")!)...]
        let found = recognizer.recognize(body)
        try #require(found.count == 1)
        #expect(found[0].span.start == 11)
        #expect(found[0].byteStart == 11)
        #expect(found[0].text == "£4 million")
    }

    @Test func textIncludesTheHedge() throws {
        let found = recognizer.recognize("G7 members promised nearly $50 billion for reconstruction.")
        try #require(found.count == 1)
        #expect(found[0].text == "nearly $50 billion")
        #expect(found[0].amount == Decimal(string: "50000000000"))
    }

    @Test func textOrderAndReferenceStyleArticle() {
        let text = """
        Washington approved a fresh $400 million weapons package, while officials from more than 40 states \
        met in Brussels. Kyiv will receive $3 billion under a new scheme; partners have promised almost \
        $60 billion in all, and 28 nations joined. Brussels sent two billion Euros after nearly four years of talks.
        """
        let found = recognizer.recognize(text)
        #expect(found.map(\.text) == ["$400 million", "$3 billion", "almost $60 billion", "two billion Euros"])
        #expect(found.map(\.approximate) == [false, false, true, false])
        #expect(found.map(\.currency) == ["USD", "USD", "USD", "EUR"])
    }
}
