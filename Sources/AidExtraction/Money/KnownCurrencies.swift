import Foundation

/// The ISO 4217 codes the money recogniser can give a figure: every code of the compiled-in
/// currency table (`seeds/currencies.tsv`, the table `MoneyTables` is built from) and the
/// currencies the document may decide (`CurrencyContext`), without XXX (the table's "not money").
/// `aidledger check` reads it to find ledger rows in a currency the tool never produces.
public enum KnownCurrencies {
    public static let isoCodes: Set<String> = {
        var codes = Set(CurrencyContext.isoCodes)
        for row in SeedData.rows("currencies.tsv") where row.count >= 3 {
            let code = String(row[2])
            if isWellFormed(code) { codes.insert(code) }
        }
        codes.remove("XXX")
        return codes
    }()

    /// True when `code` is one of `isoCodes`.
    public static func contains(_ code: String) -> Bool { isoCodes.contains(code) }

    /// Three ASCII capital letters.
    static func isWellFormed(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }
}
