import CPlatform
import Foundation

// `make bench`: see docs/benchmarks.md. All work lives in Bench.swift and its sections.
// The allocator is tuned as the `aidledger` CLI tunes it (`keepFreedMemory`), so in-process
// figures match the CLI's.
#if os(Linux) && canImport(Glibc)
_ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
_ = mallopt(M_TOP_PAD, 16 << 20)
#endif
exit(benchMain(CommandLine.arguments))
