import BevGenieCore
import HTTPTypes
import Hummingbird

/// The chat page, its script and its styles, embedded in the binary (no build step, no files to ship).
struct PageRoutes: Sendable {
    /// The chat page's name and tagline.
    let brand: Brand

    /// Scripts only from this server, no inline script at all: even if some text escaped escaping, it could not run.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    func register(on router: Router<BevGenieRequestContext>) {
        let html = ChatPage.html(brand: brand)
        router.get("/") { _, _ in Self.asset(html, type: "text/html; charset=utf-8") }
        router.get("/app.js") { _, _ in Self.asset(ChatPage.script, type: "text/javascript; charset=utf-8") }
        router.get("/app.css") { _, _ in Self.asset(ChatPage.stylesheet, type: "text/css; charset=utf-8") }
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: type, .contentSecurityPolicy: contentSecurityPolicy, .xContentTypeOptions: "nosniff",
                .cacheControl: "no-cache", HTTPField.Name("Referrer-Policy")!: "no-referrer",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
