extension StarterKnowledge {
    /// One document per platform module, plus an overview of the whole platform.
    static let features: [StarterDocument] = [
        StarterDocument(
            id: "feature-platform-overview",
            markdown: #"""
            ---
            title: The BevGenie platform at a glance
            kind: feature
            painPoints: execution_visibility, distributor_performance, sales_productivity, data_fragmentation, inventory_planning, trade_spend_roi, compliance, market_expansion
            roles: supplier, distributor, retailer, on_premise
            ---
            # The BevGenie platform at a glance

            BevGenie is one platform with eight modules that share a single dataset of depletions, shipments, scan data and store visits, refreshed every night. Each module answers a different commercial question, and because they read the same data, an answer in one module is consistent with the answer in every other.

            ## The eight modules
            - **Execution Tracker**: Store visits, photo capture with shelf and display recognition, out-of-stock and placement checks, and planogram and program compliance. It answers whether the product is actually on the shelf.
            - **Distributor Scorecards**: Depletions, points of distribution, velocity and program execution for each distributor and each distributor rep, with benchmarks across markets. It answers which partners are building the brand.
            - **Data Hub**: Distributor depletion data from VIP (iDIG), Encompass and CSV or EDI reports, NielsenIQ and Circana scan data, and internal shipments from the ERP, with product, account and outlet ids normalized and refreshed nightly. It is the foundation every other module reads from.
            - **Rep Copilot**: A mobile app for supplier and distributor reps with a prioritized account list, route planning, talking points drawn from account data, and an offline mode. It answers where a rep should go today and what to say there.
            - **Demand Planner**: Depletion forecasts by SKU and market, out-of-stock risk and aged-inventory flags at each distributor, and suggested orders. It answers how much stock each market needs and when.
            - **Trade Spend Optimizer**: Programs, incentives, depletion allowances and scan-backs tracked in one place, with lift, ROI and accruals for each program. It answers which programs pay back.
            - **Compliance Center**: A state-by-state rule library, a price-posting calendar, TTB COLA label tracking, tied-house and franchise-law guidance, and an audit trail. It answers what is due, where, and who signed off.
            - **Market Expansion Planner**: Whitespace analysis by market, account targeting and distributor selection. It answers where to grow next and with whom.

            ## Which plan includes what
            | Capability | BevGenie module | Plans |
            | --- | --- | --- |
            | Shelf and display checks | Execution Tracker | Starter, Growth, Enterprise |
            | Distributor and rep performance | Distributor Scorecards | Starter, Growth, Enterprise |
            | Unified, nightly data | Data Hub | Starter, Growth, Enterprise |
            | Mobile route and account planning | Rep Copilot | Growth, Enterprise |
            | Depletion and inventory forecasting | Demand Planner | Growth, Enterprise |
            | Program lift and ROI | Trade Spend Optimizer | Growth, Enterprise |
            | State rules, postings and labels | Compliance Center | Growth, Enterprise |
            | New market and distributor selection | Market Expansion Planner | Growth, Enterprise |

            ## How the modules work together
            1. **Connect once**: Data Hub loads distributor, scan and ERP data and maps every product and account to one id, so no module needs its own import.
            2. **Measure the market**: Distributor Scorecards and Execution Tracker show where the brand stands by distributor, rep and store.
            3. **Act in the field**: Rep Copilot turns open issues and opportunities into tomorrow's route and talking points.
            4. **Plan supply and spend**: Demand Planner and Trade Spend Optimizer use the same depletions to size orders and judge programs.
            5. **Stay compliant and grow**: Compliance Center keeps filings and labels on schedule, and Market Expansion Planner applies what works in current markets to new ones.

            ## Who it is for
            Suppliers, meaning brewers, wineries, distillers and importers, use the full platform to manage distributors, execution and spend. Distributors use Rep Copilot, Distributor Scorecards and Data Hub to run their own sales teams and supplier reviews. Multi-store retailers use Execution Tracker and Demand Planner for resets and inventory, and on-premise groups use Execution Tracker and Trade Spend Optimizer to manage menus, draft lines and promotions.
            """#
        ),
        StarterDocument(
            id: "feature-execution-tracker",
            markdown: #"""
            ---
            title: Execution Tracker — proof of what is on the shelf
            kind: feature
            painPoints: execution_visibility, sales_productivity, trade_spend_roi
            roles: supplier, distributor, retailer, on_premise
            ---
            # Execution Tracker — proof of what is on the shelf

            Execution Tracker turns every store visit into structured data: what was on the shelf, what was missing, whether the display went up, and what was done about it. It gives suppliers, distributors and retailers the same store-level record of execution instead of a folder of unsorted photos.

            ## What it does
            - **Visit logging**: Reps record each visit against the account in a few taps, with notes, contacts and the checks completed, so every call leaves a consistent record.
            - **Shelf recognition**: Photo capture with image recognition identifies your SKUs on the shelf, counts facings, and checks shelf position and price tags against what the store should have.
            - **Display recognition**: Photos of floor displays, end caps and cold-box doors are checked against the feature and display program the store committed to.
            - **Out-of-stock and placement checks**: Authorized items that are missing, misplaced or unpriced are flagged automatically and compared with the chain's authorized item list.
            - **Planogram and program compliance**: Each store receives a compliance score against the current planogram or program requirements, which rolls up by chain, distributor and rep.
            - **Issue follow-up**: Every gap becomes an issue with an owner and a due date, whether that owner is a distributor merchandiser, a supplier rep or a store manager.

            ## How it works
            1. **Set up the checks**: Load chain planograms, authorized item lists and program requirements, or let BevGenie build them from chain authorizations already in Data Hub.
            2. **Capture in the store**: The rep opens the visit in the BevGenie mobile app, or from the day's route in Rep Copilot, answers the checklist and photographs the shelf and any displays, with or without a mobile signal.
            3. **Recognize and score**: When the phone syncs, photos are processed, products and displays are identified, and the store's compliance score is calculated.
            4. **Route the issues**: Gaps are assigned to the right person, and stores with open issues move up the next day's account list.
            5. **Roll up the results**: Compliance rates by chain, program, distributor and rep flow into Distributor Scorecards and Trade Spend Optimizer.

            ## On-premise execution
            Execution Tracker works in bars and restaurants as well as in stores. Reps photograph menus, back bars and tap handles to confirm menu placements, by-the-glass listings and draft lines, and on-premise groups use the same checks to audit their own venues against their beverage program.

            ## Why it matters
            Depletion reports tell you that sales fell in a chain; Execution Tracker tells you which stores are missing the item and why. Ridgeline Brewing Co. and Corner Cellars both use it to close the gap between what was authorized or planned and what shoppers actually find on the shelf.
            """#
        ),
        StarterDocument(
            id: "feature-distributor-scorecards",
            markdown: #"""
            ---
            title: Distributor Scorecards — a shared view of every distributor partner
            kind: feature
            painPoints: distributor_performance, sales_productivity, execution_visibility
            roles: supplier, distributor
            ---
            # Distributor Scorecards — a shared view of every distributor partner

            Distributor Scorecards measure every distributor and every distributor rep on the same terms, so a supplier can see which partners are building the brand and a distributor can see where its team is winning. The scorecards replace the monthly spreadsheet rebuilt from a dozen differently formatted reports.

            ## What it does
            - **Depletion tracking**: Depletions by distributor, market, SKU and channel, compared with plan and with the same period last year.
            - **Points of distribution**: Active points of distribution, new placements and lost placements for each distributor and rep, so growth in breadth is separated from growth in volume.
            - **Velocity**: Sales per point of distribution over time, which shows whether new placements are selling through or sitting.
            - **Program execution**: Display, feature and reset compliance from Execution Tracker, shown next to the depletions those programs were meant to drive.
            - **Benchmarks across markets**: Each distributor is compared with your other distributors on the same metrics, adjusted for market size.
            - **Goals and sharing**: The goals from each annual business plan are tracked monthly alongside each distributor's days of inventory on hand, and scorecards can be shared with the distributor before every review.

            ## How it works
            1. **Connect distributor data**: Data Hub brings in depletions from VIP (iDIG), Encompass and CSV or EDI reports and maps every distributor's item and account codes to your own.
            2. **Set goals**: Enter the depletion, placement and program goals agreed with each distributor, by month or quarter.
            3. **Choose benchmarks**: Group distributors by region, size or channel mix so each one is compared with its real peers.
            4. **Review monthly**: Scorecards refresh nightly and highlight the accounts, reps and SKUs behind each gap.
            5. **Share and act**: Send the scorecard to the distributor's sales manager ahead of the business review and agree on the accounts to work next.

            ## How the metrics are defined
            A point of distribution is one SKU carried by one account; an account carrying four of your SKUs counts as four points. A placement is counted as active when the account has bought the SKU within a window you set, commonly ninety days. Velocity is depletions divided by active points of distribution over the same period. Because every distributor's data is normalized the same way in Data Hub, these definitions hold across markets.

            ## For distributors
            Distributors use the same scorecards internally to compare routes and reps, to prepare for supplier reviews with their own numbers, and to see which supplier programs their teams are executing. Great Lakes Beverage Distributors uses them alongside Rep Copilot to coach its sales team.
            """#
        ),
        StarterDocument(
            id: "feature-data-hub",
            markdown: #"""
            ---
            title: Data Hub — one clean dataset from every distributor and system
            kind: feature
            painPoints: data_fragmentation, distributor_performance, inventory_planning
            roles: supplier, distributor, retailer
            ---
            # Data Hub — one clean dataset from every distributor and system

            Data Hub collects depletion, scan and shipment data from every source a beverage company uses, maps it to one set of product and account ids, and refreshes it every night. Every other BevGenie module reads from Data Hub, which is why their numbers agree.

            ## What it does
            - **Distributor depletions**: Connects to VIP (iDIG) and Encompass, and accepts CSV or EDI reports from distributors on any other system, whether they report weekly or monthly.
            - **Scan data**: Loads NielsenIQ and Circana retail scan data, and retailer-level data that individual chains share, using your existing data licenses.
            - **Internal systems**: Brings in shipments, orders and product masters from SAP, NetSuite or Microsoft Dynamics, and accounts and activities from Salesforce.
            - **Id normalization**: Maps distributor item codes, UPCs and case codes to your SKU list, and matches distributor account numbers, license numbers and chain store numbers to a single outlet record.
            - **Nightly refresh and quality checks**: Sources refresh every night, and Data Hub flags missing files, sudden volume drops and new unmapped items before they distort a report.
            - **Export**: Clean, mapped data can be shared to your Snowflake account or delivered as files for your own BI tools.

            ## How it works
            1. **Connect sources**: Authorize the standard connectors and set up SFTP or CSV drops for distributors that send files.
            2. **Map products**: Data Hub proposes matches between each source's item codes and your SKU list, and your team confirms or corrects them once.
            3. **Match accounts and outlets**: Accounts from every distributor and retailer are matched by license number, address and store number into one outlet list.
            4. **Validate totals**: Mapped data is compared with each source's own totals and with your shipments, so gaps are found before anyone relies on the numbers.
            5. **Refresh nightly**: After the initial mapping, new files are processed automatically each night, and only new codes need review.

            ## Why normalization matters
            The hardest part of beverage data is not collecting the files but making them agree. A single SKU can carry a different code at every distributor, and a single store can appear under a distributor account number, a state license number and a chain store number. Until those are matched, totals by product or account are wrong in ways that are hard to see.

            ## Who uses it
            Suppliers use Data Hub as the single source behind depletion reporting, scorecards and forecasts. Distributors use it to combine their route-accounting data with supplier and scan data, and retailers use it to bring their own POS data together with distributor deliveries. Harbor Point Imports consolidated its distributor feeds into Data Hub during its first implementation.
            """#
        ),
        StarterDocument(
            id: "feature-rep-copilot",
            markdown: #"""
            ---
            title: Rep Copilot — the mobile app that plans a rep's day
            kind: feature
            painPoints: sales_productivity, execution_visibility, distributor_performance
            roles: supplier, distributor
            ---
            # Rep Copilot — the mobile app that plans a rep's day

            Rep Copilot tells a field rep which accounts to visit today, in what order, and what to talk about in each one. It is built for both supplier reps who work alongside distributors and distributor reps who carry a full portfolio.

            ## What it does
            - **Prioritized account list**: Accounts are ranked by opportunity and urgency, combining recent depletions, lost placements, open execution issues and running programs, with the reason for each ranking shown.
            - **Route planning**: The day's visits are ordered into a drivable route that respects account hours, delivery days and the rep's fixed appointments.
            - **Talking points**: Before each call the rep sees a short brief drawn from the account's own data: what it bought last month, which SKUs it dropped, what similar accounts carry that it does not, and which program applies.
            - **Visit capture**: Notes, orders and Execution Tracker photos are recorded during the visit, so the manager's recap is already written.
            - **Offline mode**: The account list, account history, talking points and visit capture work without a signal and sync when the phone reconnects.

            ## How it works
            1. **Refresh overnight**: Data Hub loads the previous day's depletions, scan data and visit results for the rep's territory.
            2. **Score the accounts**: Each account is scored on opportunity and open issues, using priorities set by the sales manager and the brand team.
            3. **Build the route**: The highest-priority accounts are arranged into a route for the day, and the rep can reorder or swap stops.
            4. **Prepare each call**: Talking points and the account's recent history are ready on the phone before the rep walks in.
            5. **Capture and sync**: Visit results sync back to BevGenie, update Distributor Scorecards and Execution Tracker, and shape the next day's list.

            ## For supplier reps and distributor reps
            A supplier rep covering several distributors uses Rep Copilot to focus on the accounts where a visit will change the brand's results, often working with the distributor rep on the same route. A distributor rep uses it to balance many supplier priorities in a single day, with the distributor's own goals and incentives included in the account scores. Managers in both cases see visits, placements and open issues per rep without asking for reports.

            ## Built for the field
            Rep Copilot assumes the conditions reps actually work in: walk-in coolers without a signal, rural routes, fifteen-minute windows with a buyer, and a phone in one hand. Great Lakes Beverage Distributors rolled it out to its full sales team after a pilot in one region.
            """#
        ),
        StarterDocument(
            id: "feature-demand-planner",
            markdown: #"""
            ---
            title: Demand Planner — forecasting depletions and distributor inventory
            kind: feature
            painPoints: inventory_planning, data_fragmentation, trade_spend_roi
            roles: supplier, distributor, retailer
            ---
            # Demand Planner — forecasting depletions and distributor inventory

            Demand Planner forecasts depletions by SKU and market and compares that forecast with the inventory each distributor holds, so stock problems are visible weeks before they reach the shelf. It plans from what distributors sell to accounts, not only from what the supplier ships.

            ## What it does
            - **Depletion forecasts**: Forecasts by SKU, market and distributor built from depletion history, seasonality and trend, updated as new data arrives each night.
            - **Program-aware demand**: Features, displays and price programs scheduled in Trade Spend Optimizer are included, so a planned promotion raises the forecast for the weeks it runs.
            - **Out-of-stock risk flags**: Each SKU at each distributor is checked for days on hand against forecast demand and replenishment lead time, and at-risk items are flagged before they run out.
            - **Aged inventory flags**: Slow-moving stock, beer approaching the end of its freshness window and previous vintages still in distributor warehouses are flagged while there is time to move them.
            - **Suggested orders**: Recommended order quantities for each distributor and SKU, which planners and distributor buyers can review, adjust and accept.

            ## How it works
            1. **Load the history**: Data Hub supplies depletions, distributor inventory and shipments for every SKU and market.
            2. **Build the baseline**: Demand Planner models each SKU's normal demand, including seasonality such as summer beer and holiday spirits.
            3. **Add known events**: Scheduled programs, chain resets and new distribution are layered on top of the baseline.
            4. **Compare with inventory**: The forecast is set against each distributor's days on hand and lead time to find shortfalls and excess.
            5. **Suggest and review**: Suggested orders and risk flags go to planners and distributor partners, and accepted changes feed the next forecast.

            ## Why depletion-based planning matters
            Shipments show what a distributor chose to buy, which reflects its own inventory decisions, quarter-end pressure and order minimums. Depletions show what the market actually consumed. Planning from depletions plus distributor inventory keeps production and orders tied to real demand and avoids the cycle of loading a distributor one quarter and waiting for it to sell down the next.

            ## Who uses it
            Supply chain and sales operations teams at suppliers use it to plan production, bottling and imports. Distributors use it to set purchase orders by supplier, and multi-store retailers use it at store level to time orders around delivery days and feature weeks. Casa Verde Wines and Corner Cellars both plan with Demand Planner.
            """#
        ),
        StarterDocument(
            id: "feature-trade-spend-optimizer",
            markdown: #"""
            ---
            title: Trade Spend Optimizer — measuring the return on every program
            kind: feature
            painPoints: trade_spend_roi, distributor_performance, compliance
            roles: supplier, distributor, on_premise
            ---
            # Trade Spend Optimizer — measuring the return on every program

            Trade Spend Optimizer tracks every program a beverage company funds and measures the incremental sales and return each one produced. It replaces the spreadsheet of programs and claims with a calendar, an accrual schedule and a lift analysis built on the same data as the rest of the platform.

            ## What it does
            - **Program calendar and budget**: Every program, including features, displays, price promotions, distributor rep incentives and on-premise programs, sits in one calendar with its budget, markets and accounts.
            - **Claims tracking**: Depletion allowances, scan-backs and incentive claims are recorded as they arrive and checked against depletion and scan data before they are paid.
            - **Lift measurement**: Sales during each program are compared with a baseline from prior weeks and from comparable stores or markets that did not run it.
            - **ROI per program**: Incremental gross profit is divided by the program's full cost, so programs can be ranked by return rather than by total volume.
            - **Accruals**: Program costs are accrued as the program runs, giving finance an expected liability before claims arrive.
            - **Rule checks**: Program setup shows the relevant state rules from Compliance Center, such as where scan-backs are restricted and what tied-house rules allow.

            ## How it works
            1. **Set up the program**: Enter the mechanics, budget, markets, accounts and dates, and attach the agreed execution requirements.
            2. **Accrue as it runs**: Expected cost is accrued weekly from depletions and scan data while the program is live.
            3. **Validate claims**: Incoming claims are matched against the cases and units the data shows, and differences are flagged for review.
            4. **Measure lift**: When the program ends, incremental volume is calculated against the baseline, with execution rates from Execution Tracker shown alongside.
            5. **Decide what to renew**: Programs are ranked by ROI, and the results feed next year's plan and Demand Planner's forecasts.

            ## How ROI is calculated
            For each program, lift is the volume sold above the baseline during the program window. Incremental gross profit is that lift multiplied by the gross margin per unit. ROI is incremental gross profit minus program cost, divided by program cost. A program that only pays for sales that would have happened anyway shows a negative ROI, however large its total volume.

            ## On-premise programs
            Bar and restaurant groups use Trade Spend Optimizer to measure their own promotions, such as featured drafts, happy-hour pricing and seasonal cocktail menus, against sales in comparable venues and weeks. Taphouse Collective uses it to decide which menu promotions to keep.
            """#
        ),
        StarterDocument(
            id: "feature-compliance-center",
            markdown: #"""
            ---
            title: Compliance Center — state rules, price postings and label approvals
            kind: feature
            painPoints: compliance, market_expansion, trade_spend_roi
            roles: supplier, distributor, retailer, on_premise
            ---
            # Compliance Center — state rules, price postings and label approvals

            Compliance Center keeps the rules, deadlines and records of beverage-alcohol compliance in one place, organized by state and by product. It is built for the reality that every state regulates alcohol differently and that missed deadlines have real commercial consequences.

            ## What it does
            - **State rule library**: A state-by-state reference covering registration, price posting and filing, tied-house limits, franchise laws, credit terms and control-state listing processes, with each entry dated and sourced.
            - **Price-posting calendar**: Filing windows and effective dates for every state that requires price posting or filing, with reminders to the people responsible.
            - **TTB COLA tracking**: The status of every Certificate of Label Approval, linked to the SKUs and state label registrations that depend on it.
            - **Tied-house guidance**: Plain-language summaries of what suppliers and distributors may provide to retailers and on-premise accounts in each state, such as point-of-sale materials, menus, glassware and tap handles.
            - **Franchise-law guidance**: A summary of each state's distributor franchise protections, including notice and good-cause requirements, for use in distributor and expansion decisions.
            - **Audit trail**: Every filing, approval and change is recorded with who did it and when, and can be exported for auditors.

            ## How it works
            1. **Choose states and products**: Select the states you sell in and the SKUs sold there, and Compliance Center builds the list of obligations.
            2. **Load label approvals**: Existing COLAs and state registrations are imported and linked to each SKU.
            3. **Schedule deadlines**: Price-posting windows, registration renewals and filing dates appear on a shared calendar with owners assigned.
            4. **Record the work**: Filings and approvals are logged as they are completed, with the supporting documents attached.
            5. **Review and export**: Compliance staff review upcoming deadlines weekly and export the audit trail when it is requested.

            ## Connected to the rest of the platform
            Trade Spend Optimizer shows the relevant rules while a program is being designed, so restrictions on scan-backs or on-premise support are seen before launch. Market Expansion Planner lists each candidate state's registration, label and posting requirements as part of the launch plan.

            ## What it is and is not
            Compliance Center is a reference and workflow tool maintained by BevGenie, and it is not legal advice. Customers use it together with their own compliance staff and outside counsel, who remain responsible for interpreting the rules. Harbor Point Imports uses it to run price postings and label tracking across its markets.
            """#
        ),
        StarterDocument(
            id: "feature-market-expansion-planner",
            markdown: #"""
            ---
            title: Market Expansion Planner — choosing the next market and distributor
            kind: feature
            painPoints: market_expansion, distributor_performance, compliance
            roles: supplier
            ---
            # Market Expansion Planner — choosing the next market and distributor

            Market Expansion Planner helps a supplier decide where to grow next, which accounts to target first and which distributor to appoint, using evidence rather than whichever opportunity arrived first. It brings scan data, depletion history and distributor information together into a launch plan that can be measured.

            ## What it does
            - **Whitespace analysis**: Markets are ranked by category size and growth, the performance of comparable products, and the brand's own velocity in similar markets, showing where demand exists that the brand does not yet serve.
            - **Market scoring**: Each candidate state or metro receives a score built from criteria the supplier weights, such as category size, competitive intensity, regulatory complexity and travel cost.
            - **Account targeting**: A target account list for each market identifies the chains, independents and on-premise accounts that carry comparable products, in the order they should be approached.
            - **Distributor selection**: Candidate distributors are compared on reach into the target accounts, portfolio fit and conflicts, and their track record with similar brands.
            - **Launch plan and tracking**: Placement, depletion and reorder goals for the first months are set in the plan and then tracked in Distributor Scorecards after launch.

            ## How it works
            1. **Define the criteria**: Choose and weight the factors that matter for the brand, such as category, price tier and channel.
            2. **Rank the markets**: Market Expansion Planner scores each candidate market using scan data and the brand's results in comparable markets.
            3. **Build the account list**: For the top markets, target accounts are listed and grouped by chain, independent and on-premise.
            4. **Compare distributors**: Candidate distributors are evaluated against the target account list and the brand's needs, producing a shortlist for meetings.
            5. **Plan and launch**: Goals, programs and compliance steps from Compliance Center are combined into a dated launch plan.

            ## Why the distributor choice deserves the most care
            In many states, franchise laws make it difficult to move a brand once a distributor has been appointed, so the first choice often becomes a long-term one. The largest distributor is not always the best fit: a brand can be lost in a very large book, while a smaller house with strong reach into the right accounts may give it real attention.

            ## After launch
            A new market is measured from its first week with the same scorecard as established markets, so early warning signs such as placements without reorders are seen while the launch budget can still be redirected. Copper Still Distilling used Market Expansion Planner to choose its new states and distributors.
            """#
        ),
    ]
}
