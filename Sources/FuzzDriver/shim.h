// libFuzzer's driver, for the fuzz targets (Sources/Fuzz*/main.swift). Defined by the libFuzzer
// runtime that `-sanitize=fuzzer` links; only referenced in -DFUZZING builds, so nothing to link
// otherwise. SwiftPM makes an executable's `main` its own (main.swift's top-level code), so the
// targets call this themselves instead of using libFuzzer's `main`.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
