extension StarterKnowledge {
    /// Background on how the US beverage-alcohol industry works.
    static let industry: [StarterDocument] = [
        StarterDocument(
            id: "industry-three-tier-system",
            markdown: #"""
            ---
            title: How the three-tier system works
            kind: industry
            painPoints: compliance, distributor_performance, data_fragmentation, market_expansion
            roles: supplier, distributor, retailer, on_premise
            ---
            # How the three-tier system works

            In the United States, beverage alcohol generally moves through three separately licensed tiers: suppliers make or import it, distributors buy, store and deliver it, and retailers and on-premise accounts sell it to consumers. Almost every commercial question in the industry, from who owns the customer relationship to where sales data comes from, follows from that structure.

            ## Why it exists
            When Prohibition ended in 1933, the Twenty-first Amendment gave each state authority over alcohol sold within its borders. Most states adopted a three-tier structure to prevent the tied-house system that had existed before Prohibition, in which brewers and distillers owned or controlled saloons and pushed their products through them. Keeping producers, wholesalers and retailers separate was meant to limit those inducements, support orderly tax collection and give states control over who sells alcohol and how.

            ## The three tiers
            - **Suppliers**: Brewers, wineries, distillers and importers produce or bring in the product, obtain federal permits and TTB label approval, and sell to licensed distributors rather than directly to stores and bars in most cases.
            - **Distributors**: Also called wholesalers, distributors buy from suppliers, warehouse the product, sell it to retail and on-premise accounts, deliver it, and in many states collect and remit excise taxes. They usually hold the rights to a brand in a defined territory.
            - **Retailers and on-premise accounts**: Off-premise retailers, such as grocery, liquor, convenience and club stores, sell for consumption elsewhere, while on-premise accounts, such as bars, restaurants and hotels, sell for consumption on site.

            ## Where states differ
            The three-tier system is a framework, not a single set of rules. In control states, a state agency acts as the wholesaler and sometimes the retailer for spirits and in some cases wine; Pennsylvania, Utah and New Hampshire, for example, run state-operated stores. Many states allow exceptions such as self-distribution by small breweries and wineries, taproom and tasting-room sales, and direct-to-consumer wine shipping. States also differ on franchise protections for distributors, price posting, credit terms and what a supplier may give a retailer.

            ## What it means for a supplier
            Because a supplier sells to distributors, its own invoices show shipments, not what consumers bought. Sales to stores and bars appear in distributor depletion reports, and consumer purchases appear in retail scan data, so understanding the market means combining data from every tier. Execution is also indirect: the supplier depends on distributor reps, drivers and merchandisers to place, stock and display the product, and on retailers to keep it on the shelf or menu.

            Compliance is multiplied by the number of states. Each market brings its own registration, pricing, labeling and trade-practice rules, and a supplier that enters a new state takes on that state's rulebook along with its distributor.

            ## How BevGenie fits the three tiers
            BevGenie is built around this structure. Data Hub joins shipments, distributor depletions and scan data, Distributor Scorecards manage the supplier-distributor relationship, Execution Tracker follows the product into stores and bars, and Compliance Center tracks the rules of each state. Because distributors, retailers and on-premise groups use the same platform, each tier can work from the same numbers.
            """#
        ),
        StarterDocument(
            id: "industry-depletions-vs-shipments",
            markdown: #"""
            ---
            title: Depletions, shipments and scan data explained
            kind: industry
            painPoints: data_fragmentation, inventory_planning, distributor_performance
            roles: supplier, distributor
            ---
            # Depletions, shipments and scan data explained

            Shipments measure what a supplier sold to its distributors, depletions measure what distributors sold to retailers and bars, and scan data measures what shoppers bought at the register. A beverage business needs all three, because each one answers a different question and each one can mislead when read alone.

            ## The key measures
            - **Shipments**: Cases a supplier sells and ships to a distributor, also called sell-in. They come from the supplier's own ERP and drive the supplier's revenue, but they reflect distributor buying decisions as much as consumer demand.
            - **Depletions**: Cases a distributor sells to retail and on-premise accounts, also called sell-out from the distributor. They are the industry's standard measure of market demand and are reported by distributors through systems such as VIP iDIG and Encompass, or as files.
            - **Distributor inventory**: Stock held in the distributor's warehouse, which rises when shipments exceed depletions and falls when depletions exceed shipments. It is usually expressed as days or weeks on hand.
            - **Scan data**: Units sold through retail registers, collected from point-of-sale systems and sold by NielsenIQ and Circana or shared by individual retailers. It covers tracked off-premise channels but not bars and restaurants.
            - **Points of distribution**: The number of accounts carrying each SKU, which measures breadth of distribution rather than volume.
            - **Velocity**: Sales per point of distribution over a period, which shows how well the product sells where it is carried.

            ## Why the gap between shipments and depletions matters
            Shipments can be pulled forward. A supplier that needs to hit a quarter can ship extra cases to distributors, and the shipment number looks healthy while depletions stay flat. The extra stock then sits in distributor warehouses, reorders slow, and the following quarter looks weak. Comparing shipments with depletions over time shows whether distributor inventory is building or running down, and depletions show whether the market is actually buying.

            ## Common pitfalls
            Depletion reports arrive with a lag and are sometimes restated when a distributor corrects its data. Months contain different numbers of selling days, so raw month-to-month comparisons can mislead. Volumes are often converted to equivalent cases, such as nine-liter cases for wine and spirits and 2.25-gallon cases of twenty-four 12-ounce units for beer, and mixing converted and physical cases causes errors. Scan data does not cover the on-premise channel and may miss some independent stores, so it should be read alongside depletions by account.

            ## Where each number comes from
            Shipments come from the supplier's ERP, such as SAP, NetSuite or Microsoft Dynamics. Depletions and distributor inventory come from each distributor, in each distributor's item and account codes. Scan data comes from syndicated data providers or retailer portals, organized by UPC and store. Joining them requires mapping every code to a common product and account list.

            ## How BevGenie uses them
            Data Hub collects shipments, depletions, distributor inventory and scan data, maps them to common ids and refreshes them nightly. Distributor Scorecards report depletions, points of distribution and velocity, and Demand Planner uses depletions and distributor inventory to forecast demand and flag stock risks.
            """#
        ),
        StarterDocument(
            id: "industry-working-with-distributors",
            markdown: #"""
            ---
            title: Working effectively with distributors
            kind: industry
            painPoints: distributor_performance, sales_productivity, trade_spend_roi, compliance
            roles: supplier, distributor
            ---
            # Working effectively with distributors

            A distributor is both a supplier's most important customer and its sales force in a market, and the brands that grow are the ones that manage both sides of that relationship deliberately. Understanding how a distributor's business runs is the first step to earning its attention.

            ## How a distributor sells
            A distributor's sales team works a portfolio of many suppliers' brands across a book of accounts. Larger houses split the team into off-premise and on-premise divisions, with a separate chain team that calls on chain headquarters for authorizations and resets. Priorities are set in sales meetings and reinforced through monthly goals and incentives, often funded in part by suppliers. A rep's day is full, so the brands that get time are the ones with clear priorities, programs that are easy to execute and products that reorder.

            ## What distributors want from suppliers
            - **Clear priorities**: A short list of focus SKUs, accounts and programs for the month, rather than a long catalog of everything the brand would like.
            - **Field support**: Supplier reps who work the market alongside distributor reps, open accounts and train staff.
            - **Programs that are simple to run**: Depletion allowances, incentives and displays with clear mechanics, dates and paperwork.
            - **Reliable supply**: Orders that arrive complete and on time, so the distributor's reps are not selling something they cannot deliver.
            - **Numbers they recognize**: Reviews built on the distributor's own depletion data, broken down by route, rep and account.

            ## The annual business plan and reviews
            Most supplier-distributor relationships run on an annual business plan that sets depletion and placement goals by brand, the programs and calendar for the year, and each side's commitments on staffing, inventory and marketing support. Quarterly business reviews compare results with the plan. Reviews work best when both sides see the same scorecard in advance and leave with a list of specific accounts and actions.

            ## Incentives and allowances
            Suppliers commonly fund depletion allowances, which pay the distributor per case sold during a program window, and incentives for distributor reps tied to placements or displays, where state rules allow them. These programs work when goals are specific and results are measured against a baseline; paid on volume alone, they often reward sales that would have happened anyway.

            ## Franchise laws
            Many states have franchise laws that protect distributors, particularly beer distributors, by requiring good cause, notice or compensation before a supplier can end the relationship. Some states exempt small suppliers or treat wine and spirits differently. The practical effect is that appointing a distributor is a long-term decision, and performance problems are usually solved through the relationship rather than by switching partners.

            ## How BevGenie supports the relationship
            Distributor Scorecards give both sides the same view of depletions, placements, velocity and program execution, down to rep and account. Trade Spend Optimizer measures the return on allowances and incentives, Rep Copilot helps supplier and distributor reps work the same priority accounts, and Compliance Center summarizes each state's franchise and trade-practice rules.
            """#
        ),
        StarterDocument(
            id: "industry-on-vs-off-premise",
            markdown: #"""
            ---
            title: On-premise and off-premise channels compared
            kind: industry
            painPoints: execution_visibility, trade_spend_roi, sales_productivity, compliance
            roles: supplier, distributor, retailer, on_premise
            ---
            # On-premise and off-premise channels compared

            Off-premise accounts sell beverage alcohol to be consumed elsewhere, while on-premise accounts sell it to be consumed where it is bought, and the two channels are won, measured and supported in very different ways. Most brands need both: on-premise builds trial and reputation, and off-premise carries much of the volume.

            ## The off-premise channel
            Off-premise includes grocery, liquor, convenience, drug, mass and club stores. Chains decide what they carry at headquarters, where a category manager reviews the category, authorizes items and sets the planogram, usually on an annual or semi-annual reset schedule. Once an item is authorized, the distributor is responsible for getting it into every store, and the store and distributor merchandisers keep it on the shelf. Independents decide store by store, usually with the distributor rep. Off-premise is won with shelf placement, cold-box space, feature and display programs and price promotions.

            ## The on-premise channel
            On-premise includes bars, restaurants, hotels, stadiums and other venues. A brand wins a place on a cocktail menu, a wine list, a by-the-glass slot, a draft line or the back bar, often through the beverage director or bar manager. Staff recommendations matter, so training and education are a large part of on-premise selling. Chain restaurant groups decide centrally, like retail chains, while independent venues decide on their own. Tied-house rules limit what suppliers and distributors may give on-premise accounts, and states differ on items such as tap handles, menus and glassware.

            ## How each channel is measured
            - **Off-premise measures**: Points of distribution, velocity, share of shelf, in-stock rates, and feature and display compliance, with scan data available for much of the channel.
            - **On-premise measures**: Menu placements, draft lines, by-the-glass listings and depletions by account, because bars and restaurants do not report to scan-data providers.
            - **Shared measures**: Depletions by account and channel from distributor data, which are available for both channels and make them comparable.

            ## Why visibility differs
            In off-premise, a supplier can see much of retail sell-through in scan data but still needs store visits to confirm shelf execution. In on-premise, there is no scan data at all, so depletions by account and what reps see on menus and draft lines are the main evidence of performance. Keg depletions can also be lumpy, because a single keg order covers many weeks of pours in a small venue.

            ## How BevGenie supports both
            Execution Tracker covers shelves, displays and cold boxes in stores as well as menus, back bars and tap handles in bars and restaurants. Distributor Scorecards split depletions and placements by channel, Trade Spend Optimizer measures off-premise features and on-premise promotions with the same method, and Compliance Center summarizes each state's tied-house rules for on-premise support.
            """#
        ),
    ]
}
