import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage plus the connection, so a streaming route can notice the
/// client going away (the channel closing) while the pipeline runs.
public struct BevGenieRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
