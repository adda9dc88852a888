import Foundation
import Testing
@testable import AidLedger

/// `RateFile.parse`, the rate-file parser apart from its database writes (fuzzed by FuzzRates,
/// `make fuzz`), and `importRates`, which stores exactly what it returns.
@Suite struct RateParserTests {
    @Test func parsesTheECBLayoutInFileOrderSkippingNA() throws {
        let rows = try RateFile.parse(fixtureRatesECB)
        #expect(rows.count == 8)
        #expect(rows.first == RateRow(date: "2024-01-05", base: "EUR", quote: "USD", rate: "1.0921"))
        #expect(rows.filter { $0.quote == "JPY" }.map(\.date) == ["2024-01-05", "2023-12-20"])
        #expect(rows.allSatisfy { $0.base == "EUR" })
    }

    @Test func parsesTheLongLayoutUppercasingCodesAndPrefixingBareDots() throws {
        let rows = try RateFile.parse("date,base,quote,rate,\n2024-06-03,usd,chf,.8\n\n2024-06-04, eur , GBP ,0.85\n")
        #expect(rows == [
            RateRow(date: "2024-06-03", base: "USD", quote: "CHF", rate: "0.8"),
            RateRow(date: "2024-06-04", base: "EUR", quote: "GBP", rate: "0.85"),
        ])
    }

    @Test func theDailyFileDateFormIsNormalised() throws {
        let rows = try RateFile.parse("\u{FEFF}Date, USD, \r\n5 January 2024, 1.0921, \r\n")
        #expect(rows == [RateRow(date: "2024-01-05", base: "EUR", quote: "USD", rate: "1.0921")])
    }

    /// The split kept `importRates`' messages: each malformed file fails the same way in both.
    @Test func parseAndImportFailWithTheSameMessage() throws {
        let ledger = try Ledger.inMemory()
        let cases = [
            "", "\n\n", " \r\n", "\u{FEFF}", "Date", "Date,", "date,base,quote", "Currency,Rate\nUSD,1.1\n",
            "Date,US Dollar\n2024-01-05,1.1\n", "Date,USD\n2024-01-05,1.09\n2024-01-06,abc\n",
            "Date,USD,JPY\n2024-01-05,1.09\n", "Date,USD,\n2024-01-05,1.1,,\n", "Date,USD\n2024-13-05,1.09\n",
            "Date,USD\n31 February 2024,1.1\n", "Date,USD\n-5 January 2024,1.1\n",
            "Date,USD\n5 January 99999999999999999999,1.1\n", "Date,USD\n2024-01-05\r,1.1\n",
            "date,base,quote,rate\n2024-01-05,EUR,US,1.1\n", "date,base,quote,rate\n2024-01-05,EUR,USD,0\n",
            "date,base,quote,rate\n2024-01-05,EUR,USD,-1.1\n", "date,base,quote,rate\n2024-01-05,EUR,USD,.\n",
            "date,base,quote,rate\n2024-01-05,ÉUR,USD,1\n",
        ]
        for text in cases {
            let parsed = #expect(throws: LedgerError.self) { try RateFile.parse(text) }
            let imported = #expect(throws: LedgerError.self) { try ledger.importRates(csvText: text) }
            #expect(parsed != nil && parsed?.description == imported?.description, "\(text.debugDescription)")
        }
        #expect(try ledger.rateCount() == 0)
    }

    @Test func importStoresWhatParseReturnsAndALaterDuplicateWins() throws {
        let ledger = try Ledger.inMemory()
        let text = "date,base,quote,rate\n2024-06-03,EUR,USD,1.1\n2024-06-03,eur,usd,1.2\n2024-06-04,EUR,USD,1.3\n"
        let rows = try RateFile.parse(text)
        #expect(rows.count == 3)
        #expect(try ledger.importRates(csvText: text) == rows.count)
        #expect(try ledger.rateCount() == 2)
        #expect(try ledger.database.scalarText("SELECT rate FROM rates WHERE date = '2024-06-03'") == "1.2")
    }

    /// Shapes FuzzRates explores: every row is well formed whatever the input.
    @Test(arguments: [
        "Date,USD,\n2024-01-05,1.1,\n2024-01-06,,\n2024-01-07,N/A,\n", "DATE,usd\n2024-01-05,n/a\n",
        "date,base,quote,rate\n2024-02-29,eur,usd,007\n", "Date,USD\n2024-01-05 ,  1.0 \n",
        "\n\n\nDate,USD\n\n2024-01-05,1\n\n",
    ])
    func rowsAreWellFormed(_ text: String) throws {
        for r in try RateFile.parse(text) {
            #expect(r.date.utf8.count == 10 && r.base.utf8.count == 3 && r.quote.utf8.count == 3)
            #expect(!r.rate.isEmpty && r.rate.utf8.allSatisfy { $0 == 46 || (48...57).contains($0) })
        }
    }
}
