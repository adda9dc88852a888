import Foundation
import Testing
@testable import AidExtraction

/// The compiled-in seeds must equal the files under `seeds/`: a changed, missing or unlisted
/// file fails here, so the installed binary never drifts from the data a user reads.
@Suite struct EmbeddedSeedTests {
    static let seedsDir = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds")

    @Test func everySeedFileIsEmbeddedUnchanged() throws {
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Self.seedsDir.path)
            .filter { $0.hasSuffix(".tsv") }.sorted()
        #expect(onDisk == SeedData.files.keys.sorted(), "seeds/*.tsv and SeedData.files list different files")
        for name in onDisk {
            let bytes = try [UInt8](Data(contentsOf: Self.seedsDir.appendingPathComponent(name)))
            #expect(SeedData.files[name] == bytes, "seeds/\(name) differs from the compiled-in copy: rebuild")
        }
    }

    @Test func rowsSkipCommentsAndBlankLines() {
        for name in SeedData.files.keys {
            for row in SeedData.rows(name) {
                #expect(!(row.first ?? "").hasPrefix("#"))
                #expect(!row.isEmpty)
            }
        }
    }
}
