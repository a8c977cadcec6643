extension StarterKnowledge {
    /// Customer stories: the challenge, what the customer did, and the results they report.
    static let caseStudies: [StarterDocument] = [
        StarterDocument(
            id: "case-ridgeline-brewing",
            markdown: #"""
            ---
            title: How Ridgeline Brewing Co. turned distributor reviews into action plans
            kind: case_study
            painPoints: distributor_performance, execution_visibility, data_fragmentation
            roles: supplier
            ---
            # How Ridgeline Brewing Co. turned distributor reviews into action plans

            Ridgeline Brewing Co. grew points of distribution by 24% in a year by giving each of its nine distributors a scorecard down to the rep and the store. The craft brewery, based in Fort Collins, Colorado, sells its core lineup and seasonal releases in Colorado, Wyoming and Montana with a sales team of eight.

            ## The challenge
            Ridgeline's distributors all reported depletions through VIP's iDIG, so the brewery had plenty of data but no way to turn it into a fair comparison. Its sales director spent most of every Monday exporting reports and building a spreadsheet that compared the distributors on slightly different terms each time. Business reviews were run from the distributors' own slides. At the same time, Ridgeline had won authorizations for two new year-round beers in a regional grocery chain, but depletions in that chain lagged far behind the store count, and nobody could say which stores had the beer on the shelf.

            ## What they did
            1. **Connected two sources**: Ridgeline started on the Starter plan, connecting VIP iDIG for depletions and NetSuite for shipments through Data Hub.
            2. **Built scorecards for all nine distributors**: Distributor Scorecards tracked depletions, points of distribution, velocity and program execution against each distributor's annual plan.
            3. **Audited the chain authorization**: The sales team used Execution Tracker to photograph the beer aisle and cold box in every authorized grocery store within three weeks.
            4. **Shared the evidence**: Store-level gaps were sent to each distributor as a list of accounts, with photos, and assigned to the distributor rep on that route.
            5. **Changed the business review**: Every quarterly review now starts from the shared scorecard and ends with an agreed list of accounts and reps to focus on.

            ## Results
            - **24%** more points of distribution across Colorado, Wyoming and Montana in the first 12 months.
            - **41%** fewer out-of-stocks on core SKUs in audited grocery and convenience stores.
            - **17%** depletion growth across the nine distributor territories, up from 6% the year before.
            - **10 hours** a week of distributor reporting removed from the sales director's workload.

            > "For the first time we walk into a distributor review with the same numbers the distributor has, down to the rep and the store. The meeting went from defending our data to deciding which accounts to work next." — Dana Whitaker, Vice President of Sales, Ridgeline Brewing Co.

            ## What's next
            With distributor scorecards in place, Ridgeline plans to add Trade Spend Optimizer to measure its summer and holiday depletion allowance programs, and to use the same scorecards to evaluate a possible fourth state.
            """#
        ),
        StarterDocument(
            id: "case-casa-verde-wines",
            markdown: #"""
            ---
            title: How Casa Verde Wines matched bottling and distributor stock to real demand
            kind: case_study
            painPoints: inventory_planning, data_fragmentation, distributor_performance
            roles: supplier
            ---
            # How Casa Verde Wines matched bottling and distributor stock to real demand

            Casa Verde Wines cut distributor out-of-stocks on its ten best-selling wines by 27% in a year by planning from depletions instead of shipments. The family-owned winery in Paso Robles, California, sells its estate and appellation wines in 22 states through 18 distributors.

            ## The challenge
            Casa Verde planned bottling runs and distributor allocations from its own shipment history in Microsoft Dynamics, adjusted by the sales team's judgment. That method could not see what was happening inside distributor warehouses. Some markets ran out of the winery's most popular red blend during the holidays, while others were still holding cases of the previous vintage months after the new one was released, which led to price support and awkward conversations with distributors. Depletion reports arrived from VIP iDIG for some distributors and as spreadsheets from others, and the planning team had no time to combine them.

            ## What they did
            1. **Unified distributor data**: Data Hub combined iDIG depletions, CSV reports from the distributors not on VIP, and shipments from Microsoft Dynamics, with every distributor's item codes mapped to Casa Verde's SKU list.
            2. **Forecast by SKU and market**: Demand Planner built depletion forecasts for each SKU in each market, including the holiday peak and the spring release calendar.
            3. **Planned vintage transitions**: Aged-inventory flags showed, three months before each release, which distributors still held significant stock of the outgoing vintage, so the sales team could focus programs there.
            4. **Shared suggested orders**: Each month, suggested orders went to distributor buyers with the forecast behind them, replacing orders copied from the previous year.
            5. **Reset bottling plans**: The winery's production team set bottling quantities from the depletion forecast rather than from shipment history.

            ## Results
            - **27%** fewer distributor out-of-stocks on Casa Verde's ten best-selling SKUs in the first year.
            - **35%** less previous-vintage inventory left at distributors when new vintages were released.
            - **84%** forecast accuracy at SKU and market level, up from 61% with the previous spreadsheet method.
            - **$620,000** less finished-goods inventory held at the winery at year end, with no drop in order fill rate.

            > "We used to find out a market was out of our red blend when a distributor called us in December. Now we see it coming in October and ship before it happens." — Marisol Ortega, Director of Sales Operations, Casa Verde Wines

            ## What's next
            Casa Verde is extending the same planning approach to its direct relationships with a handful of large retail chains, using their scan data in Data Hub to forecast sell-through at store level.
            """#
        ),
        StarterDocument(
            id: "case-copper-still-distilling",
            markdown: #"""
            ---
            title: How Copper Still Distilling chose its next five states
            kind: case_study
            painPoints: market_expansion, distributor_performance, compliance
            roles: supplier
            ---
            # How Copper Still Distilling chose its next five states

            Copper Still Distilling launched in five new states in 14 months, each with a distributor chosen from a scored shortlist rather than from whoever called first. The craft distillery in Louisville, Kentucky, makes bourbon, rye and a barrel-rested gin, and before the expansion it sold in Kentucky, Indiana, Ohio and Tennessee.

            ## The challenge
            Copper Still's earlier launches had followed opportunity. A distributor would taste the bourbon at a trade show and offer to carry it, the brand would register in that state, and a small launch budget would be spread across whatever accounts the distributor's reps chose to approach. Two of those launches produced a burst of first orders and then very few reorders. With investors asking for a national plan, the founders needed a way to decide which states to enter, which distributors to appoint and which accounts to win first, knowing that franchise laws in several candidate states would make a poor distributor choice hard to reverse.

            ## What they did
            1. **Ranked twelve candidate states**: Market Expansion Planner scored each state on whiskey category size and growth, the velocity of comparable craft bourbons, and Copper Still's own results in similar markets.
            2. **Built target account lists**: For the top five states, the team listed the chains, independent stores and whiskey-focused bars that carried comparable products.
            3. **Scored the distributors**: Candidate distributors were compared on reach into those target accounts, portfolio conflicts and track record with craft spirits, producing a shortlist of two or three per state.
            4. **Scheduled the paperwork**: Compliance Center listed label registration, price-posting and control-state listing steps for each state, so filings were started months ahead of each launch.
            5. **Measured every launch the same way**: Distributor Scorecards tracked placements, reorders and depletions in each new state against the launch plan from week one.

            ## Results
            - **5** new states launched in 14 months, each with a distributor chosen from a scored shortlist.
            - **1,150** new retail and on-premise accounts opened in the new states in the first year.
            - **68%** of first-order accounts reordered within 90 days, compared with 40% in the company's earlier launches.
            - **33%** lower launch cost per new account than in its previous state launches.

            > "Every distributor meeting used to be a sales pitch aimed at us. With a scored shortlist and a target account list, we were the ones asking the questions, and we picked partners who could actually reach the bars and stores we needed." — Eli Marchetti, Co-founder and CEO, Copper Still Distilling

            ## What's next
            Copper Still is using the same rankings to plan its next group of states and has added Trade Spend Optimizer to measure the launch programs it funds in each new market.
            """#
        ),
        StarterDocument(
            id: "case-harbor-point-imports",
            markdown: #"""
            ---
            title: How Harbor Point Imports brought compliance and distributor data under control
            kind: case_study
            painPoints: compliance, data_fragmentation, distributor_performance
            roles: supplier
            ---
            # How Harbor Point Imports brought compliance and distributor data under control

            Harbor Point Imports has not missed a price-posting deadline in the 18 months since it moved its compliance calendar and label tracking into BevGenie. The importer, based in Newark, New Jersey, brings in wines from Italy, Spain and Portugal and a small range of mezcal, and sells about 260 SKUs in 31 states through 27 distributors.

            ## The challenge
            Harbor Point's compliance work ran on a shared spreadsheet and a three-person team's memory. Price postings in states such as New York and Connecticut, state label registrations and COLA records for hundreds of labels were tracked by hand, and in the year before BevGenie the company missed three price-posting deadlines, freezing prices in those states for a month each time. The sales side had its own version of the problem: 27 distributors sent depletion reports in different formats on different schedules, and the monthly depletion report took an analyst four days to assemble, which left little time to act on it.

            ## What they did
            1. **Chose the Enterprise plan**: Harbor Point needed SAML single sign-on, a dedicated customer success manager and a custom integration with its import logistics system.
            2. **Loaded every label**: All COLAs and state label registrations were imported into Compliance Center and linked to each SKU and state.
            3. **Built the posting calendar**: Every price-posting and filing window for its 31 states went onto a shared calendar with named owners and reminders.
            4. **Consolidated distributor feeds**: Data Hub connected VIP iDIG and set up SFTP drops for the remaining distributors, with item codes mapped to Harbor Point's SKUs and shipments drawn from SAP.
            5. **Replaced the monthly report**: Distributor Scorecards replaced the hand-built depletion report, refreshed nightly instead of once a month.

            ## Results
            - **0** missed price-posting deadlines in the 18 months since launch, after three missed filings the year before.
            - **420** label approvals and state registrations tracked in one place across 260 SKUs and 31 states.
            - **27** distributor data feeds consolidated into one nightly dataset.
            - **90%** less time to produce the monthly depletion report, from four days to about three hours.

            > "Our compliance calendar used to live in one spreadsheet and three people's heads. Now every filing has an owner, a deadline and a record, and our auditors get what they ask for the same day." — Nadia Costa, Vice President of Operations, Harbor Point Imports

            ## What's next
            Harbor Point is using the consolidated depletion data to build distributor scorecards for its business reviews and plans to add Demand Planner to time container orders from Europe against distributor inventory.
            """#
        ),
        StarterDocument(
            id: "case-great-lakes-beverage",
            markdown: #"""
            ---
            title: How Great Lakes Beverage Distributors gave its reps back their evenings
            kind: case_study
            painPoints: sales_productivity, distributor_performance, data_fragmentation
            roles: distributor
            ---
            # How Great Lakes Beverage Distributors gave its reps back their evenings

            Great Lakes Beverage Distributors put Rep Copilot in the hands of 160 sales reps within eight weeks and saw account calls per rep rise by 14%. The beer and wine distributor serves retail and on-premise accounts across Michigan and represents more than forty suppliers.

            ## The challenge
            Great Lakes reps each carried large account books and a long list of supplier priorities every month. Routes were planned from fixed call cycles in the company's Encompass system, so a high-volume account with a lost placement received the same attention as a quiet one. Reps prepared for calls by flipping between Encompass reports, supplier sell sheets and their own notes, then spent evenings typing recaps for their managers. Sales managers could see orders but not which reps were winning placements, and supplier business reviews were prepared from scratch every quarter.

            ## What they did
            1. **Connected Encompass and supplier data**: Data Hub loaded Great Lakes' Encompass sales and inventory data nightly and mapped supplier programs and goals to accounts and SKUs.
            2. **Piloted in one region**: Twenty-two reps in the Grand Rapids region used Rep Copilot for five weeks, with account priorities weighted toward lost placements and active supplier programs.
            3. **Compared results**: Sales leadership compared calls, placements and time spent on planning in the pilot region with two comparable regions over the same weeks.
            4. **Rolled out company-wide**: After the pilot, all 160 reps moved onto Rep Copilot in three waves, with the pilot reps training their peers.
            5. **Coached with scorecards**: Managers used Distributor Scorecards internally to compare reps and routes on placements, velocity and program execution, and to prepare supplier reviews from the same numbers.

            ## Results
            - **14%** more account calls per rep per week after the full rollout.
            - **22%** more new placements written in the pilot region than in comparable regions over the same period.
            - **35 minutes** per rep per day saved on route planning, call preparation and recaps.
            - **160** reps live on Rep Copilot within eight weeks of the pilot ending.

            > "Our reps used to plan their day in the truck and write recaps at the kitchen table. Now the route and the talking points are ready before they leave the house, and the recap writes itself." — Marcus Bell, Vice President of Sales, Great Lakes Beverage Distributors

            ## What's next
            Great Lakes now shares distributor scorecards with its largest suppliers before each business review and is evaluating Demand Planner to set purchase orders by supplier and SKU.
            """#
        ),
        StarterDocument(
            id: "case-corner-cellars",
            markdown: #"""
            ---
            title: How Corner Cellars kept forty stores in stock and in set
            kind: case_study
            painPoints: inventory_planning, execution_visibility, data_fragmentation
            roles: retailer
            ---
            # How Corner Cellars kept forty stores in stock and in set

            Corner Cellars cut out-of-stocks by 31% across its 40 stores in two quarters while carrying less inventory than before. The Florida wine, beer and spirits chain runs neighborhood stores and a handful of larger destination locations, supplied by several distributors on different delivery days.

            ## The challenge
            Ordering at Corner Cellars was done by store managers, store by store, largely from experience. Popular items ran out during the chain's own ad features while slow movers gathered dust in the back room. Category resets were planned centrally but carried out by store staff and distributor merchandisers, and the merchandising team had no way to check forty stores after each reset except by driving to them. The director of merchandising could see sales by store in the point-of-sale system, but not whether a drop meant weak demand, an empty shelf or an item that never made it into the new set.

            ## What they did
            1. **Joined sales and deliveries**: Data Hub combined daily point-of-sale data from an SFTP drop with distributor invoices received by EDI, mapped to one item list across all stores.
            2. **Forecast by store and SKU**: Demand Planner forecast demand for each item in each store, including the weeks of the chain's ad features.
            3. **Ordered by delivery day**: Suggested orders were timed to each distributor's delivery schedule, and store managers reviewed and approved them instead of writing orders from scratch.
            4. **Audited every reset**: District managers used Execution Tracker to photograph each reset category, with planogram compliance scored automatically and gaps assigned back to the store or the distributor merchandiser.
            5. **Worked a weekly exception list**: Each Monday, stores received a short list of at-risk items, slow movers and open execution issues.

            ## Results
            - **31%** fewer out-of-stocks across the 40 stores in two quarters.
            - **96%** planogram compliance after category resets, up from 71%.
            - **18%** less slow-moving inventory, measured as items with more than 120 days of supply.
            - **$780,000** less inventory on hand across the chain without lowering in-stock rates.

            > "We stopped finding out about empty shelves from customers. The Monday exception list tells every store manager exactly what to fix, and our resets actually look like the planogram now." — Janet Liu, Director of Merchandising, Corner Cellars

            ## What's next
            Corner Cellars is sharing its in-stock and reset compliance results with its distributors' sales managers, and plans to use the same data to decide which vendor-supported feature programs to accept next year.
            """#
        ),
        StarterDocument(
            id: "case-taphouse-collective",
            markdown: #"""
            ---
            title: How Taphouse Collective found out which promotions paid for themselves
            kind: case_study
            painPoints: trade_spend_roi, execution_visibility, inventory_planning
            roles: on_premise
            ---
            # How Taphouse Collective found out which promotions paid for themselves

            Taphouse Collective raised beverage gross margin by 14% across its 12 venues in a year by measuring every promotion and retiring the ones that did not work. The restaurant and bar group operates taprooms, a cocktail bar and neighborhood restaurants in Portland, Oregon and Seattle, Washington, with more than 250 draft lines between them.

            ## The challenge
            Taphouse's beverage program ran on a calendar of recurring promotions: featured drafts, happy-hour pricing, brewery tap takeovers and seasonal cocktail menus. Each one had a loyal advocate, and none had ever been measured against what the venue would have sold without it. Menus were designed centrally but printed and updated by each venue, so the menu a guest saw did not always match the program, and slow-pouring draft lines left kegs on tap long past their best. The beverage director spent hours each week pulling point-of-sale exports and distributor invoices into spreadsheets.

            ## What they did
            1. **Connected sales and invoices**: Data Hub combined each venue's point-of-sale data with distributor invoices, mapped to one list of products, draft lines and menu items.
            2. **Measured every promotion**: Trade Spend Optimizer compared sales and margin during each promotion with the same venue's baseline weeks and with venues that did not run it.
            3. **Audited menus and draft lines**: Venue managers used Execution Tracker each month to photograph menus, back bars and tap handles, with mismatches against the central program assigned for correction.
            4. **Rotated lines on pour data**: Slow-pouring draft lines were flagged, and the beverage director rotated them to better-selling styles before kegs aged.
            5. **Kept supplier activities compliant**: Brewery tap takeovers and distributor-led staff education sessions were logged with the Oregon and Washington tied-house guidance from Compliance Center attached.

            ## Results
            - **14%** higher beverage gross margin across the 12 venues in the first year.
            - **9** of 26 recurring promotions retired after showing no measurable lift, with their budget moved to promotions that worked.
            - **40%** less draft beer waste from slow-moving kegs after rotating lines on pour data.
            - **6 hours** a week of reporting time saved for the beverage director and venue managers.

            > "Every promotion on our calendar had a champion, and none of them had numbers. Now we keep the ones that earn their place on the menu and drop the ones that only feel busy." — Chris Donnelly, Beverage Director, Taphouse Collective

            ## What's next
            Taphouse Collective plans to use the same measurements when it opens new venues, starting each one with the promotions and draft styles that performed best in comparable locations.
            """#
        ),
    ]
}
