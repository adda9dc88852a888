import Foundation
import Testing
@testable import AidLedger

@Suite struct RatesTests {
    @Test func importsTheECBLayoutSkippingNA() throws {
        let ledger = try Ledger.inMemory()
        #expect(try ledger.importRates(csvText: fixtureRatesECB) == 8)   // 9 cells, one N/A
        #expect(try ledger.rateCount() == 8)
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM rates WHERE quote = 'JPY'") == 2)
        #expect(try ledger.database.scalarText("SELECT rate FROM rates WHERE base = 'EUR' AND quote = 'GBP' AND date = '2024-01-05'") == "0.8612")
        // Re-importing updates rather than duplicates.
        #expect(try ledger.importRates(csvText: fixtureRatesECB.replacingOccurrences(of: "0.8612", with: "0.8613")) == 8)
        #expect(try ledger.rateCount() == 8)
        #expect(try ledger.database.scalarText("SELECT rate FROM rates WHERE quote = 'GBP' AND date = '2024-01-05'") == "0.8613")
    }

    @Test func acceptsTheDailyFileWithSpacesCRLFAndBOM() throws {
        let ledger = try Ledger.inMemory()
        let daily = "\u{FEFF}Date, USD, JPY, \r\n05 January 2024, 1.0921, 158.61, \r\n"
        #expect(try ledger.importRates(csvText: daily) == 2)
        #expect(try ledger.database.scalarText("SELECT date FROM rates WHERE quote = 'JPY'") == "2024-01-05")
    }

    @Test func importsTheLongLayoutAndConvertsBothWays() throws {
        let ledger = try Ledger.inMemory()
        let item = try makeItem(title: "chf", published: "2024-06-03", sentences: ["Bern sent CHF 200 and Washington $100."], figures: [
            FigSpec(text: "CHF 200", amount: "200", currency: "CHF", donor: P.deu),
            FigSpec(text: "$100", amount: "100", currency: "USD", donor: P.usa),
        ])
        _ = try ledger.write { w in try w.insert(item) }
        #expect(try ledger.importRates(csvText: "date,base,quote,rate\n2024-06-03,usd,chf,0.8\n") == 1)
        let inCHF = try ledger.totals(by: [.donor], convertTo: "CHF")
        #expect(inCHF.rows.map { "\($0.values[0]) \($0.sumCents)" } == ["Germany 20000", "United States 8000"])
        #expect(inCHF.ratesUsed.map(\.method) == [.direct])
        let inUSD = try ledger.totals(by: [.donor], convertTo: "USD")
        #expect(inUSD.rows.map { "\($0.values[0]) \($0.sumCents)" } == ["Germany 25000", "United States 10000"])
        #expect(inUSD.ratesUsed.map(\.method) == [.inverse])
        #expect(inUSD.ratesUsed.first?.rateText == "1.25")
    }

    @Test func malformedLinesAreNamedAndNothingIsStored() throws {
        let ledger = try Ledger.inMemory()
        let cases: [(String, String)] = [
            ("Date,USD\n2024-01-05,1.09\n2024-01-06,abc\n", "rate file line 3: 'abc' for USD is not a positive decimal rate or N/A"),
            ("Date,USD,JPY\n2024-01-05,1.09\n", "rate file line 2: expected 3 fields, found 2"),
            ("Date,USD\n\n2024-13-05,1.09\n", "rate file line 3: '2024-13-05' is not a date (YYYY-MM-DD)"),
            ("date,base,quote,rate\n2024-01-05,EUR,US,1.1\n", "rate file line 2: 'EUR' or 'US' is not a currency code"),
            ("date,base,quote,rate\n2024-01-05,EUR,USD,0\n", "rate file line 2: '0' is not a positive decimal rate"),
            ("date,base,quote,rate\n2024-01-05,EUR,USD,-1.1\n", "rate file line 2: '-1.1' is not a positive decimal rate"),
            ("Currency,Rate\nUSD,1.1\n", "rate file line 1: expected a header 'Date,USD,JPY,…' (ECB) or 'date,base,quote,rate'"),
            ("Date,US Dollar\n2024-01-05,1.1\n", "rate file line 1: column 2 'US Dollar' is not a currency code"),
        ]
        for (text, message) in cases {
            let e = #expect(throws: LedgerError.self) { try ledger.importRates(csvText: text) }
            #expect(e?.description == message)
        }
        #expect(throws: LedgerError.self) { try ledger.importRates(csvText: "\n\n") }
        #expect(try ledger.rateCount() == 0)
    }

    @Test func rateValuesAreCheckedStrictly() {
        #expect(Ledger.normalisedRate("1.0856") == "1.0856")
        #expect(Ledger.normalisedRate(".5") == "0.5")
        #expect(Ledger.normalisedRate("7") == "7")
        #expect(Ledger.normalisedRate("1.2.3") == nil)
        #expect(Ledger.normalisedRate("1e3") == nil)
        #expect(Ledger.normalisedRate("0.000") == nil)
        #expect(Ledger.normalisedRate("") == nil)
        #expect(Ledger.normalisedRate(".") == nil)
    }
}
