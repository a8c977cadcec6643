/// The table: every section type's fields, in wire order (docs/EVENTS.md). The `switch` makes the compiler insist
/// that every `SectionType` has its entry.
extension SectionSchema {
    static func entry(for type: SectionType) -> SectionSchema {
        typealias S = PageSection
        switch type {
        case .hero:
            return .entry(.hero, S.hero, [
                .text("headline", \.headline, limit: 200),
                .optionalText("subheadline", \.subheadline, limit: 600),
                .citations("sources", \.sources, min: 1),
            ], outline: { $0.headline })
        case .painPoints:
            return .entry(.painPoints, S.painPoints, itemListFields, outline: itemListOutline)
        case .features:
            return .entry(.features, S.features, itemListFields, outline: itemListOutline)
        case .steps:
            return .entry(.steps, S.steps, itemListFields, outline: itemListOutline)
        case .metrics:
            return .entry(.metrics, S.metrics, [
                .text("heading", \.heading, limit: 200),
                .list("items", \.items, min: 1, max: PageValidator.maxItems, [
                    .text("value", \.value, limit: 40, example: "31%"),
                    .text("label", \.label, limit: 400),
                    .citation("source", \.source),
                ]),
            ], outline: { $0.items.map(\.value).joined(separator: " · ") })
        case .comparison:
            return .entry(.comparison, S.comparison, [
                .text("heading", \.heading, limit: 200),
                .labels("columns", \.columns, min: 2, max: 8, example: ["Capability", "BevGenie", "Other"]),
                .list("rows", \.rows, min: 1, max: 30, [
                    .text("label", \.label, limit: 200),
                    .cells("values", \.values, min: 1, max: 8, columns: "columns", example: ["...", "..."]),
                ]),
                .citation("source", \.source),
            ], outline: { $0.columns.dropFirst().joined(separator: " vs ") })
        case .testimonial:
            return .entry(.testimonial, S.testimonial, [
                .text("quote", \.quote),
                .text("author", \.author, limit: 200),
                .citation("source", \.source),
            ], outline: { $0.author })
        case .faq:
            return .entry(.faq, S.faq, [
                .text("heading", \.heading, limit: 200),
                .list("items", \.items, min: 1, max: PageValidator.maxItems, [
                    .text("question", \.question, limit: 300),
                    .text("answer", \.answer),
                    .citation("source", \.source),
                ]),
            ], outline: { "\($0.items.count) questions" })
        case .cta:
            return .entry(.cta, S.cta, [
                .text("headline", \.headline, limit: 200),
                .optionalText("description", \.description, limit: 600),
                .text("buttonLabel", \.buttonLabel, limit: 60, example: "Book a demo"),
                .choice("action", \.action, ctaActions, limit: 40, example: "demo"),
                .citations("sources", \.sources, min: 0),
                .link("href", \.href, limit: 500),
            ], outline: { "\($0.headline) [\($0.buttonLabel)]" })
        }
    }

    /// What a call to action's button may do, in the order the prompt lists them.
    public static let ctaActions = ["demo", "contact", "pricing", "learn_more"]

    /// Pain points, features and steps: a heading over titled, cited items.
    private static let itemListFields: [SectionField<PageSection.ItemList>] = [
        .text("heading", \.heading, limit: 200),
        .list("items", \.items, min: 1, max: PageValidator.maxItems, [
            .text("title", \.title, limit: 200),
            .text("description", \.description),
            .citation("source", \.source),
        ]),
    ]

    private static let itemListOutline: @Sendable (PageSection.ItemList) -> String = {
        "\($0.heading) (\($0.items.count))"
    }
}
