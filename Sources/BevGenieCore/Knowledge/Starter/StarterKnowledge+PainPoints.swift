extension StarterKnowledge {
    /// One document per pain point the platform addresses: why it happens, how to recognize it, and which
    /// modules help.
    static let painPoints: [StarterDocument] = [
        StarterDocument(
            id: "pain-execution-visibility",
            markdown: #"""
            ---
            title: Seeing what actually happens on the shelf
            kind: pain_point
            painPoints: execution_visibility, distributor_performance, sales_productivity
            roles: supplier, distributor, retailer
            ---
            # Seeing what actually happens on the shelf

            A chain authorization is only a promise: until the product is on the shelf, tagged, priced and in the right place in the set, it sells nothing. Most beverage-alcohol suppliers find out about execution gaps weeks late, from a depletion report that has already gone soft, instead of from the store itself.

            ## Why it happens
            In the three-tier system the supplier does not deliver, stock or merchandise its own products. A distributor's driver delivers the cases, a distributor merchandiser or the store's own staff works the shelf, and the chain's category manager decides the planogram. Every hand-off is a chance for the product to end up in the backroom, on the wrong shelf or without a price tag, and the supplier rarely has someone in the store to see it.

            Resets make the problem sharper. When a chain resets a category, new items have to be cut in, delisted items pulled and shelf tags changed across every store in a short window. Feature and display programs add another layer: a holiday display that goes up a week late, or never goes up at all, still costs the money that was committed to it. Field teams who do visit stores often report back through text messages, photo dumps and spreadsheets, so what they saw never becomes data that anyone can sort, total or act on.

            ## Signs you have this problem
            - **Authorized but not on shelf**: You hold chain authorizations for new SKUs, but depletions in those chains lag what the authorization should produce. Nobody can say which stores are missing the item.
            - **Displays you cannot verify**: You support feature and display programs but learn whether they ran only from the distributor's word or from post-period sales.
            - **Photos with no follow-up**: Reps take store photos, but the photos sit in phones and group chats instead of becoming a list of problems assigned to someone.
            - **Reset surprises**: After a category reset you discover weeks later that your facings were cut or your items were moved to the bottom shelf.
            - **Out-of-stocks reported by others**: Store managers, buyers or shoppers tell you about empty shelves before your own reports do.

            ## What it costs
            Poor execution costs a supplier twice. The sale that would have come from the missing shelf is lost, and the money spent to win the authorization or fund the display earns less than planned. Chains also review item performance at every reset, so an item that was never properly on the shelf can lose its authorization on the strength of sales it never had a fair chance to make.

            ## How BevGenie helps
            - **Execution Tracker**: Reps log store visits with photos, and shelf and display recognition checks each photo for your SKUs, facings, price tags and displays. Out-of-stock, placement, planogram and program-compliance gaps become open issues with an owner.
            - **Data Hub**: Chain authorizations, distributor depletions and scan data land in one dataset, so BevGenie can flag stores where an authorized item shows no sales.
            - **Distributor Scorecards**: Program execution rates roll up by distributor and by distributor rep, so a conversation about missed displays starts from store-level evidence.
            - **Rep Copilot**: Stores with open execution issues move to the top of the rep's prioritized account list for the next route.

            ## Where to start
            Pick one chain and one program, such as a spring reset or a holiday display, and measure it store by store from authorization to shelf. A single program tracked end to end usually shows exactly where the hand-offs break and which distributor partners need more support.
            """#
        ),
        StarterDocument(
            id: "pain-distributor-performance",
            markdown: #"""
            ---
            title: Winning distributor mindshare for your brand
            kind: pain_point
            painPoints: distributor_performance, sales_productivity, trade_spend_roi
            roles: supplier
            ---
            # Winning distributor mindshare for your brand

            A distributor rep carries hundreds of brands, and the ones that win attention are the ones that make the rep's job easier. For a supplier that sells through several distributors in several states, the hard part is knowing which partners are building the brand, which are only taking orders, and what to do about each.

            ## Why it happens
            Distributors are paid to move a whole portfolio, and their sales meetings, rep goals and monthly incentives are set by distributor management, usually with heavy input from their largest suppliers. A craft or mid-size supplier competes for a few minutes in the morning sales meeting, a place on the rep's tablet and a slot in the incentive program. In many states, franchise laws make it hard to move a brand to another distributor, especially for beer, so the practical lever is managing the relationship well rather than replacing the partner.

            Managing a relationship well requires comparable numbers. Each distributor reports depletions on its own schedule and in its own format: some through VIP's iDIG, some from an Encompass system, some as a spreadsheet emailed by a sales coordinator. Without a common view, business reviews turn into debates about whose numbers are right.

            ## Signs you have this problem
            - **Reviews built on the distributor's slides**: Quarterly business reviews rely on the distributor's own presentation because you cannot bring numbers of your own.
            - **No fair comparison**: You cannot compare points of distribution, velocity or program execution across distributors, because every market reports differently.
            - **Incentives with unclear return**: You fund distributor rep incentives but cannot tell whether they produced new placements or paid for orders that were coming anyway.
            - **Rep-level blind spots**: You know a distributor is behind plan but not whether the gap sits with one route, one rep or the whole house.
            - **Goals that drift**: The goals in the annual business plan are not tracked month by month, so misses surface at the year-end review when it is too late to fix them.

            ## What it costs
            When a supplier cannot show a distributor where its brand is winning and where it is not, the distributor's attention defaults to whichever brands are easiest to sell or loudest in the meeting. Placements stall, programs run in some territories and not others, and the supplier's own sales team spends its time arguing about data instead of working accounts alongside distributor reps.

            ## How BevGenie helps
            - **Distributor Scorecards**: Depletions, points of distribution, velocity and program execution for every distributor and every distributor rep, benchmarked across your markets and against the goals in your business plan.
            - **Data Hub**: iDIG, Encompass and CSV or EDI reports are normalized to common product and account ids, so a small distributor's scorecard means the same thing as your largest partner's.
            - **Execution Tracker**: Store-level photo evidence shows whether the displays and resets a distributor committed to actually happened.
            - **Trade Spend Optimizer**: Rep incentives and depletion allowances paid to each distributor are matched against the lift they produced.

            ## Making the business review productive
            Share the scorecard with the distributor a week before the meeting, so both sides arrive with the same numbers. Bring a short list: the accounts with the largest gaps, the distributor reps who are winning placements, and the programs that worked. Distributors respond to suppliers who help their reps sell, and a scorecard that points to specific accounts gives the distributor's sales manager something to act on the next morning.
            """#
        ),
        StarterDocument(
            id: "pain-sales-productivity",
            markdown: #"""
            ---
            title: Getting more selling time from every field rep
            kind: pain_point
            painPoints: sales_productivity, execution_visibility, data_fragmentation
            roles: supplier, distributor
            ---
            # Getting more selling time from every field rep

            A field rep's day is finite, and every hour spent building reports, hunting for data or driving to the wrong account is an hour not spent selling. The problem is the same for a supplier rep working a state and a distributor rep with a book of accounts: too much of the day goes to preparation and paperwork.

            ## Why it happens
            Most reps choose their route from memory, from a CRM call cycle that treats every account alike, or from whichever buyer answered a text. The information that should shape a call lives in several places: what the account bought last month sits in the distributor's system, what sold through sits in a scan-data portal, and which program is running sits in an email from the brand team. Preparing properly for one call means opening several tools, so most reps skip it. After the call, they re-key the same notes into a CRM and again into a recap email for their manager.

            Distributor reps face their own version of the problem. They carry large account books and many supplier priorities each month, and the morning sales meeting often hands out more goals than any rep can cover in a week.

            ## Signs you have this problem
            - **Flat call cycles**: Every account is visited on the same schedule regardless of its potential or its open issues.
            - **Reporting after hours**: Reps spend evenings entering call notes and building recap emails instead of planning tomorrow.
            - **Generic pitches**: Reps walk into an account without knowing its recent depletions or which of your SKUs it does not carry.
            - **Dead zones**: Reps lose access to account data in basements, walk-in coolers and rural territories with poor coverage.
            - **Managers coaching blind**: Sales managers cannot see which reps turn visits into new placements and which are simply busy.

            ## What it costs
            Unproductive time shows up as fewer calls per week, shorter calls and calls on the wrong accounts. The accounts with the most potential get the same attention as the accounts with the least, and the new items the brand team is counting on are pitched without the account-specific reasons that would win the placement.

            ## How BevGenie helps
            - **Rep Copilot**: A prioritized account list ranks accounts by opportunity and open issues, plans the route, and prepares talking points from each account's own data. Offline mode keeps the account list, history and visit capture working without a signal.
            - **Execution Tracker**: Visit notes and photos are captured once, in the store, and become the record managers see, so there is no separate recap to write.
            - **Data Hub**: Talking points draw on distributor depletions and scan data refreshed nightly, so a rep sees last month's purchases rather than last quarter's.
            - **Distributor Scorecards**: Managers see visits, placements and program execution per rep, which turns coaching into a conversation about specific accounts.

            ## What good looks like
            A rep opens the app before the first call and sees a route ordered by opportunity, with a reason next to each stop: an item the account dropped, a display that is due, a competitor placement won last month. Notes and photos go in during the visit, and the manager sees the same record by the end of the day without asking for it.
            """#
        ),
        StarterDocument(
            id: "pain-data-fragmentation",
            markdown: #"""
            ---
            title: Pulling distributor, scan and shipment data into one picture
            kind: pain_point
            painPoints: data_fragmentation, distributor_performance, inventory_planning
            roles: supplier, distributor
            ---
            # Pulling distributor, scan and shipment data into one picture

            A beverage supplier's sales data is spread across every distributor it works with, every retailer whose scan data it buys, and its own ERP, and none of those sources agree on what a product or an account is called. Until those sources are joined, every question about the business starts with a spreadsheet project.

            ## Why it happens
            Shipments to distributors live in the supplier's ERP, such as SAP, NetSuite or Microsoft Dynamics. Depletions, meaning the distributor's sales out to retail and on-premise accounts, arrive from each distributor separately: many report through VIP's iDIG, others export from Encompass, and the rest send CSV or EDI files weekly or monthly on their own timetable. Retail sell-through comes from NielsenIQ or Circana scan data, organized by UPC, retailer and market rather than by distributor.

            Every source uses its own identifiers. A single SKU can appear as an internal item number, a UPC, a case-level SCC code and a different item code at each distributor. A single store can appear as a distributor account number, a state license number and a chain store number. Joining those records by hand is slow, and small mapping errors quietly distort the totals.

            ## Signs you have this problem
            - **Monthly spreadsheet marathon**: An analyst spends the first week of each month downloading, cleaning and pasting distributor reports.
            - **Numbers that do not tie**: Sales, finance and supply chain each report a different depletion figure for the same month.
            - **A missing long tail**: Reports from small distributors never make it into the totals, so those markets are managed by gut feel.
            - **Stale answers**: By the time the monthly report is ready, the month it describes is long over and the next one is half gone.
            - **One person knows how**: The whole process lives in one analyst's macros, and it stops when that person is on vacation.

            ## What it costs
            Fragmented data slows every decision and biases attention toward the markets whose data is easiest to get. Forecasts, trade-spend reviews and distributor business reviews all inherit the same errors, and leaders lose trust in reports that change every time someone rebuilds them.

            ## How BevGenie helps
            - **Data Hub**: Connectors for VIP (iDIG), Encompass, SAP, NetSuite, Microsoft Dynamics, Salesforce, NielsenIQ, Circana, Snowflake and SFTP or CSV drops bring every source into one dataset. Product, account and outlet ids are normalized and the data refreshes nightly.
            - **Distributor Scorecards**: Because every distributor is mapped to the same product and account ids, scorecards compare partners on equal terms.
            - **Demand Planner**: Forecasts use unified depletion and distributor inventory history instead of a single market's files.
            - **Trade Spend Optimizer**: Program claims are checked against the same depletion and scan data that sales and finance use, so everyone works from one set of numbers.

            ## Where to start
            Begin with the sources behind the report your team rebuilds most often, usually distributor depletions plus internal shipments. Once those are mapped and validated against your own totals, adding scan data and the smaller distributors is incremental work rather than a new project.
            """#
        ),
        StarterDocument(
            id: "pain-inventory-planning",
            markdown: #"""
            ---
            title: Keeping the right inventory in every market
            kind: pain_point
            painPoints: inventory_planning, data_fragmentation, execution_visibility
            roles: supplier, distributor, retailer
            ---
            # Keeping the right inventory in every market

            In a three-tier market, a supplier's inventory problem is usually a distributor's inventory problem first: too little stock in one warehouse means empty shelves at retail, and too much in another means aged product and a distributor reluctant to reorder. Planning well means seeing demand and inventory at the distributor level, not just what left your own dock.

            ## Why it happens
            A supplier's own system records shipments, which tell you what distributors bought, not what retailers and bars bought from them. Between the two sit distributor inventory and order cycles, and each distributor orders on its own rhythm. Lead times are long and uneven: a brewery schedules brewing and packaging runs, a winery works around bottling dates and vintage changes, and an importer waits weeks for ocean freight and customs clearance.

            Demand is uneven too. Summer lifts beer and rosé, the holidays lift spirits and sparkling wine, and a feature and display program can multiply a SKU's weekly depletions in the chains that run it. Quarter-end pressure to hit shipment targets can load distributors with stock that then sits. Retailers face the same puzzle one tier down, balancing the cost of carrying slow movers against the lost sales of an empty shelf.

            ## Signs you have this problem
            - **Out-of-stocks during your own promotions**: The programs you paid for run short in exactly the weeks they were supposed to drive volume.
            - **Aged or out-of-code product**: Beer passes its freshness window in a distributor warehouse, or a previous vintage sits unsold after the new one arrives.
            - **Orders copied from last year**: Distributor orders and production plans are set from last year's numbers, adjusted by feel.
            - **Unknown days on hand**: You cannot say how many days of supply each distributor holds for each SKU.
            - **Quarter-end loading**: Shipments are pushed to distributors at quarter end and followed by weak reorders the next month.

            ## What it costs
            Stock in the wrong place costs money at both ends. Out-of-stocks lose sales and give the shelf space to a competitor, and repeated gaps give a chain buyer a reason to cut facings. Excess stock ties up working capital, forces price support to clear it, and in beer can end in destroyed product and a strained distributor relationship.

            ## How BevGenie helps
            - **Demand Planner**: Forecasts depletions by SKU and market from depletion history, seasonality and scheduled programs, flags out-of-stock risk and aged inventory at each distributor, and suggests orders.
            - **Data Hub**: Distributor depletions and inventory, scan data and internal shipments are joined and refreshed nightly, so the forecast starts from current numbers.
            - **Execution Tracker**: Store visits confirm whether a predicted gap has become a real empty shelf, and in which stores.
            - **Distributor Scorecards**: Days on hand and order patterns for each distributor sit next to their depletion results, which makes inventory part of the regular business review.

            ## For retailers
            Multi-store retailers use the same approach at store level: forecasting demand by SKU and store, flagging slow movers before they age, and timing orders to their distributors' delivery days so that feature weeks do not run dry.
            """#
        ),
        StarterDocument(
            id: "pain-trade-spend-roi",
            markdown: #"""
            ---
            title: Knowing which trade programs actually pay back
            kind: pain_point
            painPoints: trade_spend_roi, distributor_performance, compliance
            roles: supplier, distributor, on_premise
            ---
            # Knowing which trade programs actually pay back

            Trade spend is one of the largest costs a beverage supplier controls, yet most teams cannot say which programs produced incremental cases and which simply paid for volume that would have sold anyway. Without that answer, next year's budget is this year's budget with small adjustments.

            ## Why it happens
            Trade spend in beverage alcohol takes many forms. Depletion allowances pay a distributor a set amount for each case it sells to retail during a program window. Scan-backs pay per unit sold at a promoted retail price, where state law permits them. Suppliers also fund distributor rep incentives, feature and display support, price reductions, and on-premise programs such as menu features and staff education, all within the limits of tied-house rules.

            Each form produces its own paperwork. Claims arrive from distributors and retailers weeks or months after the program ends, in different formats and at different levels of detail. Finance books the cost when the claim arrives, sales judges the program by total volume in the period, and nobody sets a baseline for what would have sold without it. The result is spending that is tracked but not measured.

            ## Signs you have this problem
            - **Claims you cannot verify**: Depletion allowance and scan-back claims are paid as submitted because checking them against depletion or scan data takes too long.
            - **Accrual surprises**: Trade costs hit the books when invoices arrive, so margins swing in months when no program was running.
            - **Renewal by habit**: Programs repeat each year because they ran last year, not because anyone showed they worked.
            - **No baseline**: Results are reported as total cases sold during the program rather than cases gained over what would have sold without it.
            - **Programs scattered across spreadsheets**: Each brand manager or region tracks its own programs in its own file.

            ## What it costs
            Unmeasured programs keep their budget while effective ones go underfunded. Overpaid or duplicate claims leak money directly, and late accruals make it hard for finance to forecast margin. When budgets tighten, cuts are made across the board instead of removing the programs that do not work.

            ## How BevGenie helps
            - **Trade Spend Optimizer**: Tracks programs, incentives, depletion allowances and scan-backs in one calendar, accrues their cost as they run, and measures lift and ROI for each program against a baseline.
            - **Data Hub**: Supplies the depletion and scan data used to validate claims and to measure lift, refreshed nightly.
            - **Execution Tracker**: Shows whether the display or feature a program paid for actually ran in each store.
            - **Compliance Center**: Records the state rules that limit program design, such as where scan-backs are restricted and what tied-house laws allow on-premise.

            ## Where to start
            Pick the three largest programs from last year and measure them properly: a baseline from comparable weeks or markets, the incremental cases above it, and the gross profit on those cases compared with what the program cost. That short exercise usually settles which programs to renew.
            """#
        ),
        StarterDocument(
            id: "pain-compliance",
            markdown: #"""
            ---
            title: Staying compliant with every state's rulebook
            kind: pain_point
            painPoints: compliance, market_expansion, trade_spend_roi
            roles: supplier, distributor, retailer, on_premise
            ---
            # Staying compliant with every state's rulebook

            Beverage alcohol is regulated state by state, so a supplier selling in twenty states is following twenty different rulebooks on top of federal law. The rules are not optional, the deadlines are fixed, and the penalties range from fines to suspended licenses.

            ## Why it happens
            Since the Twenty-first Amendment, each state has set its own rules for how alcohol is sold within its borders. At the federal level, the TTB must approve every label through a Certificate of Label Approval, known as a COLA, before the product moves in interstate commerce, and federal law limits inducements between tiers. The states then add their own layers: brand and label registration, price posting or price filing in states such as New York and Connecticut, franchise laws that govern how a supplier can end a distributor relationship, and tied-house rules that limit what a supplier or distributor may give to a retailer. In control states, listing a product with the state agency is a separate process with its own calendar.

            These rules change, and they differ in detail: what a supplier may spend on point-of-sale materials, whether it may supply tap handles or menus, how far ahead a price change must be filed. The knowledge usually lives in the heads of a few people, in outside counsel memos and in shared inboxes.

            ## Signs you have this problem
            - **Missed posting deadlines**: A price change slips a month because the filing window in one state was missed.
            - **Label status in inboxes**: Nobody can say which COLAs and state registrations are approved, pending or expiring, and launches wait on paperwork.
            - **Field teams unsure what is allowed**: Reps ask whether they can provide menus, glassware or a display, and get different answers from different people.
            - **No audit trail**: When a regulator or auditor asks who approved a program or a filing, the answer takes days to reconstruct.
            - **Expansion stalled by paperwork**: New markets are delayed by registrations and postings that were not started early enough.

            ## What it costs
            Compliance failures are expensive out of proportion to their cause. A missed price posting can freeze a price for a month, an unregistered label can keep product off shelves during a launch window, and an improper inducement can put both the supplier's and the retailer's licenses at risk.

            ## How BevGenie helps
            - **Compliance Center**: A state-by-state rule library, a price-posting calendar with reminders, TTB COLA label tracking, tied-house and franchise-law guidance, and an audit trail of who filed, approved and changed what.
            - **Trade Spend Optimizer**: Program setup shows the relevant state rules, so a scan-back or on-premise program is checked before it launches rather than after.
            - **Market Expansion Planner**: Candidate states list their registration, label and posting requirements, so paperwork is scheduled into the launch plan.

            ## A note on scope
            BevGenie organizes rules, deadlines and records; it is a reference and workflow tool, not legal advice. Customers use Compliance Center alongside their own compliance staff and counsel, who remain responsible for interpreting the rules.
            """#
        ),
        StarterDocument(
            id: "pain-market-expansion",
            markdown: #"""
            ---
            title: Expanding into new markets without guessing
            kind: pain_point
            painPoints: market_expansion, distributor_performance, compliance
            roles: supplier
            ---
            # Expanding into new markets without guessing

            Opening a new state is one of the most expensive decisions a beverage supplier makes, and one of the hardest to undo: once a distributor is appointed, franchise laws in many states make the relationship difficult to end. The choice of market, distributor and first accounts deserves better evidence than a conversation at a trade show.

            ## Why it happens
            Expansion decisions are often made from the inside out. A distributor calls after tasting the product, a broker promises a chain meeting, or a founder has friends in a city, and the brand follows the opportunity in front of it. Meanwhile the questions that decide success go unanswered: how large the category is in that market, how products like yours sell there, which distributors reach the accounts that matter, and whether those distributors already carry a competing brand that will take priority.

            Launches also spread thin. A supplier that opens several states at once, with one sales manager per region and a modest program budget, may end up with a distributor that carries the brand but an account base too scattered to build reorders.

            ## Signs you have this problem
            - **Expansion by inbound request**: You enter markets because a distributor asked, not because the market ranked highest on your own criteria.
            - **Distributor chosen on size alone**: The largest house in the state won the brand, and the brand became a small line in a very large book.
            - **No target account list**: The launch plan names a state and a distributor but not the accounts that must carry the product in the first ninety days.
            - **Thin launches**: New markets show initial placements followed by few reorders.
            - **Unclear break-even**: Nobody can say when a new market is expected to cover its launch cost.

            ## What it costs
            A weak launch is hard to recover from. Distributor reps remember brands that did not sell, retail buyers give new items one reset to prove themselves, and the launch budget spent on a poorly chosen market is budget not spent deepening distribution where the brand already works.

            ## How BevGenie helps
            - **Market Expansion Planner**: Whitespace analysis ranks markets by category size, the performance of comparable products and your own velocity in similar markets, then builds target account lists and compares candidate distributors on reach, portfolio fit and track record.
            - **Distributor Scorecards**: After launch, the new distributor is measured against the launch plan with the same metrics as your established partners.
            - **Compliance Center**: Registration, label and price-posting requirements for each candidate state are listed, so paperwork starts early enough.
            - **Data Hub**: Scan data and depletion history from your existing markets feed the comparisons that the expansion plan relies on.

            ## Where to start
            Rank three candidate markets on the same criteria before talking to any distributor. Writing down why one market beats another, and which accounts would prove it, turns distributor meetings into a test of fit rather than a sales pitch.
            """#
        ),
    ]
}
