import CPlatform
import Foundation

// `make bench`: see docs/benchmarks.md. All work lives in Bench.swift and its sections.
// The allocator is tuned as the `aidledger` CLI tunes it, so in-process figures match the CLI's.
aidledger_keep_freed_memory()
exit(benchMain(CommandLine.arguments))
