import BevGenieCore
import Foundation

/// A page generator that behaves like a model whose first attempt failed after it had shown sections: it shows a
/// stale attempt (a hero among others, slowly enough for a browser to draw it), voids it with a reset, then
/// builds the real page with the wrapped generator. A client that honours the section contract never holds two
/// heroes at once and ends with exactly the final page.
struct ResettingPageGenerator: PageGenerator {
    let inner: any PageGenerator
    var name: String { inner.name }

    func page(
        type: PageType, context: ResponseContext, answer: ResponseOutput,
        emit: @escaping @Sendable (PageProgress) async throws -> Void
    ) async throws -> PageSpec? {
        // The stale attempt: the real page's sections in another order, so its hero sits at index 1.
        if let draft = try await inner.page(type: type, context: context, answer: answer, emit: { _ in }),
            draft.sections.count >= 2
        {
            try await emit(.section(index: 0, draft.sections[1]))
            try await emit(.section(index: 1, draft.sections[0]))
            try await Task.sleep(for: .milliseconds(300))
            try await emit(.reset(reason: "the first attempt was invalid"))
        }
        return try await inner.page(type: type, context: context, answer: answer, emit: emit)
    }
}
