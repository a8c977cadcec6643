extension SQLiteValue {
    /// A list bound as one value, for `x IN (SELECT value FROM json_each(?))`.
    ///
    /// Why not `IN (?, ?, …)`: every length of the list would be a different SQL text, so a different prepared
    /// statement — a cache entry per length, or a fresh compile per call. One JSON array keeps the SQL fixed.
    public static func list(_ integers: [Int64]) -> SQLiteValue {
        .text("[" + integers.map(String.init).joined(separator: ",") + "]")
    }

    /// A list of strings bound as one JSON array (see `list(_:)` for integers).
    public static func list(_ strings: [String]) -> SQLiteValue {
        .text(JSONValue.array(strings.map(JSONValue.string)).serialized())
    }
}
