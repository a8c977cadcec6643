/// The version of the event contract (docs/EVENTS.md). Within a version, changes are additive only: new events,
/// new fields, new values a client can ignore. Anything a client written for this version relies on — an event
/// name, a field's name, type or meaning, the order of stages — changes only with a new version.
///
/// Streams say which version they speak: `complete.contractVersion`, and the `BevGenie-Contract-Version` response
/// header of `serve`'s streams and replies.
public enum EventContract {
    public static let version = 1
    public static let headerName = "BevGenie-Contract-Version"
}
