import Testing
@Test func smokeAidLedgerTests() { #expect(1 + 1 == 2) }
