import CSQLite
import AidExtraction

/// Skeleton.
public enum LedgerSkeleton {
    public static var sqliteVersion: String { String(cString: sqlite3_libversion()) }
}
