import Foundation

// `make bench`: see docs/benchmarks.md. All work lives in Bench.swift and its sections.
exit(benchMain(CommandLine.arguments))
