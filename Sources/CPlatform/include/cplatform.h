#ifndef AIDLEDGER_CPLATFORM_H
#define AIDLEDGER_CPLATFORM_H

/// Keeps up to 256 MB of freed heap in the process and grows the heap 16 MB at a time (glibc
/// only; elsewhere it does nothing). Ingest frees and reallocates article-sized buffers on every
/// core, and by default glibc returns each freed heap top to the kernel and faults it back in.
void aidledger_keep_freed_memory(void);

#endif
