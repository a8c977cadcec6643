import BevGenieCore

/// The brand from the config file, for the commands that show it (serve's chat page, rendered pages).
enum ConfiguredBrand {
    static func load() throws -> Brand {
        do {
            return try ConfigFile.load().brand()
        } catch let error as ConfigFile.Failure {
            throw CommandFailure(error.description)
        } catch {
            throw CommandFailure("cannot read the config file's brand: \(error)")
        }
    }
}
