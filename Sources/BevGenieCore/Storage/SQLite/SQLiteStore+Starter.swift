/// The user's standing choice about the starter documents, kept in the database it applies to: once someone has
/// asked to keep the demo beside their knowledge (`kb import --keep-starter`, `kb restore-starter`), later imports
/// into the same file keep it too, rather than removing what they just asked for.
extension SQLiteStore {
    /// Whether this database keeps the starter documents when the user's own are imported.
    public func keepsStarter() throws -> Bool {
        try meta("starter_choice") == "keep"
    }

    /// Records (or clears) the choice to keep the starter documents.
    public func setKeepsStarter(_ keep: Bool) throws {
        if keep {
            try db.run("INSERT OR REPLACE INTO meta(key, value) VALUES ('starter_choice', 'keep')")
        } else {
            try db.run("DELETE FROM meta WHERE key = 'starter_choice'")
        }
    }
}
