#ifndef AIDLEDGER_CSQLITE_SHIM_H
#define AIDLEDGER_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
