import Foundation

/// `$XDG_CONFIG_HOME/bevgenie/config.json` (default `~/.config/bevgenie/config.json`), read once: the models and
/// keys (`ModelCatalog`), the brand (`Brand`) and knowledge settings all come from this one file.
///
/// ```json
/// {"models": {"response": "openai:gpt-4o"},
///  "brand": {"assistantName": "Still Hollow Assistant", "companyName": "Still Hollow Distilling",
///            "contactURL": "https://stillhollow.example/visit", "contactEmail": "hello@stillhollow.example",
///            "callsToAction": {"demo_request": {"headline": "Book a tasting", "button": "Book a tasting"}}},
///  "knowledge": {"keepStarter": false}}
/// ```
public struct ConfigFile: Sendable {
    /// Where the file is looked for, and whether it was there.
    public var path: String
    public var loaded: Bool
    /// The whole file (an empty object when there is none).
    public var json: JSONValue

    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var path: String
        public var reason: String
        public var description: String { "cannot read \(path): \(reason)" }
    }

    public init(path: String, loaded: Bool, json: JSONValue) {
        self.path = path
        self.loaded = loaded
        self.json = json
    }

    /// The config file for this environment; a file that is there but is not a JSON object is an error (a typo in
    /// it must not silently fall back to defaults), a missing file is not.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws(Failure)
        -> ConfigFile
    {
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        let path = configHome + "/bevgenie/config.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            return ConfigFile(path: path, loaded: false, json: .object([]))
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes: Array(data))
        } catch {
            throw Failure(path: path, reason: error.description)
        }
        guard json.objectValue != nil else { throw Failure(path: path, reason: "expected a JSON object") }
        return ConfigFile(path: path, loaded: true, json: json)
    }

    /// `knowledge.keepStarter`: keep the built-in starter documents when importing your own.
    public var keepStarter: Bool { json["knowledge"]?["keepStarter"]?.boolValue ?? false }

    /// The `brand` object read over BevGenie's defaults.
    public func brand() throws(Brand.Failure) -> Brand {
        try Brand(json: json["brand"])
    }
}
