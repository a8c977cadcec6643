extension StarterKnowledge {
    /// How BevGenie compares with the tools beverage teams use today.
    static let comparisons: [StarterDocument] = [
        StarterDocument(
            id: "compare-spreadsheets",
            markdown: #"""
            ---
            title: BevGenie compared with spreadsheets
            kind: comparison
            painPoints: data_fragmentation, distributor_performance, sales_productivity, trade_spend_roi
            roles: supplier, distributor, retailer
            ---
            # BevGenie compared with spreadsheets

            Spreadsheets are where nearly every beverage sales team starts, and they stop working at about the point where the business starts to matter: several distributors, several states, and questions that need an answer this week. This page compares running depletion reporting, distributor reviews and programs in spreadsheets with running them in BevGenie.

            ## Where spreadsheets fall short
            A spreadsheet is only as current as the last time someone rebuilt it. Every month an analyst downloads reports from VIP iDIG, opens the CSV files distributors emailed, copies in shipments from the ERP, and fixes the item codes that do not match. The mapping between each distributor's codes and your SKUs lives in lookup tabs that one person understands. When a distributor restates a month or adds a new item code, totals change without anyone noticing.

            Spreadsheets also cannot reach the field. A rep in a store cannot see the account's depletions on a shared workbook, photos from store visits cannot be attached to a row in any useful way, and a program's claims cannot be checked against scan data without another round of copying and pasting.

            ## Side by side
            | Capability | BevGenie | Spreadsheets |
            | --- | --- | --- |
            | Distributor data refresh | Nightly, automatic | Manual, usually monthly |
            | Product and account mapping | Maintained once in Data Hub | Lookup tabs rebuilt by hand |
            | Distributor comparisons | Scorecards on common definitions | Varies by who built the file |
            | Store execution evidence | Photos with shelf recognition | Photos in email and chats |
            | Field access | Mobile app with offline mode | Laptop, if the file is shared |
            | Trade program ROI | Lift and ROI per program | Total volume during the program |
            | Audit trail | Every change recorded | File versions, if kept |

            ## Where BevGenie is different
            - **Data that stays current**: Data Hub refreshes every source nightly and flags missing files and unmapped items, so reports do not depend on someone's monthly rebuild.
            - **Mapping done once**: Product, account and outlet ids are normalized once and reused by every report, instead of being re-matched in every workbook.
            - **Answers in the field**: Rep Copilot puts account history, priorities and talking points on the rep's phone, and Execution Tracker records what the rep sees in the store.
            - **Measurement, not totals**: Trade Spend Optimizer compares each program with a baseline, so you see incremental cases and ROI rather than the volume that happened to sell during the program.

            ## When spreadsheets are enough
            A brand that sells in one state through one distributor, with a single salesperson and no paid programs, can run well on a spreadsheet and a good relationship with its distributor. The case for a platform grows with each additional distributor, state, rep and program, because each one multiplies the manual work and the number of places an error can hide.

            ## Moving off spreadsheets
            The work in your spreadsheets is not wasted. Existing item-code and account lookup tables can be loaded into Data Hub as the starting point for mapping, and historical depletion files can be imported so that trends and year-over-year comparisons are available from the first day.
            """#
        ),
        StarterDocument(
            id: "compare-generic-crm",
            markdown: #"""
            ---
            title: BevGenie compared with a generic CRM
            kind: comparison
            painPoints: sales_productivity, distributor_performance, execution_visibility, data_fragmentation
            roles: supplier, distributor
            ---
            # BevGenie compared with a generic CRM

            A generic CRM is built for companies that sell directly to their customers, while a beverage-alcohol supplier sells through distributors to accounts it does not invoice. That difference explains most of the friction beverage teams feel when they try to run field sales, distributor management and execution from a CRM alone.

            ## Where a generic CRM falls short
            CRMs model accounts, contacts, activities and an opportunity pipeline. They work well for logging calls and managing relationships with chain buyers and key on-premise accounts. What they lack is the three-tier model: the retail account buys from a distributor, the sale shows up in a depletion report rather than in your own invoices, and success is measured in points of distribution and velocity rather than closed opportunities.

            To fill that gap, teams build custom objects for depletions, import distributor files by hand and add a separate app for store photos. The CRM becomes a place where reps are asked to enter data, not a place where they get useful information back, and adoption falls accordingly.

            ## Side by side
            | Capability | BevGenie | Generic CRM |
            | --- | --- | --- |
            | Distributor depletion data | Built in through Data Hub | Custom import project |
            | Points of distribution and velocity | Standard metrics | Custom reports to build |
            | Distributor and rep scorecards | Included | Not a native concept |
            | Shelf and display checks | Photo recognition | Add-on app or none |
            | Rep route and account priorities | Ranked by opportunity | Fixed call cycles |
            | State compliance calendar | Compliance Center | Not available |
            | Contact and activity history | Synced with Salesforce | Core strength |

            ## Where BevGenie is different
            - **Three-tier data model**: Accounts, distributors, SKUs and depletions are related the way the industry actually works, so a store's performance can be traced to the distributor and rep that serve it.
            - **Priorities, not just records**: Rep Copilot tells a rep which accounts matter today and why, using depletion and scan data, rather than asking the rep to log activity for someone else's report.
            - **Execution evidence**: Execution Tracker checks photos for SKUs, facings and displays and turns gaps into issues, which a CRM activity log cannot do.
            - **Industry workflows included**: Distributor Scorecards, trade program measurement and state compliance tracking are part of the platform instead of custom development.

            ## Using BevGenie with your CRM
            BevGenie is not a reason to remove a CRM that your team already uses well. The Salesforce integration brings accounts, contacts and activities into Data Hub and writes visit results back, so relationship history stays in Salesforce while depletion data, scorecards and execution live in BevGenie. Many teams keep Salesforce for chain buyer and key account management and use Rep Copilot for day-to-day field work.

            ## When a CRM is enough
            A supplier whose business is mostly direct, such as a winery focused on direct-to-consumer and wine club sales, or a team that only manages a few chain headquarters relationships, may need nothing more than a CRM. Once the business depends on distributor depletions and store-level execution, the missing three-tier model becomes the limiting factor.
            """#
        ),
        StarterDocument(
            id: "compare-point-solutions",
            markdown: #"""
            ---
            title: BevGenie compared with a stack of point solutions
            kind: comparison
            painPoints: data_fragmentation, execution_visibility, distributor_performance, trade_spend_roi
            roles: supplier, distributor
            ---
            # BevGenie compared with a stack of point solutions

            Many beverage suppliers already own the pieces, such as an in-house BI dashboard, a retail-audit app and a login to every distributor's portal, but the pieces do not talk to each other. The result is several partial answers to every question and a data team that spends its time maintaining pipelines instead of analyzing the business.

            ## Where point solutions fall short
            An in-house BI stack can be excellent, but it depends on a data team to ingest each distributor's files, maintain the product and account mappings, and rebuild reports when a source changes format. A separate retail-audit app captures store photos and checklists, yet its store list and product list rarely match the ones in the BI tool, so an empty shelf in the audit app cannot easily be connected to a drop in depletions. Distributor portals each show one distributor's view, in that distributor's terms, and cannot be compared with one another.

            Each tool also has its own login, its own identifiers and its own definition of a point of distribution. When sales, finance and the field team each look at a different tool, they report different numbers for the same question.

            ## Side by side
            | Capability | BevGenie | Point solutions |
            | --- | --- | --- |
            | Product and account ids | One normalized set | Different in each tool |
            | Distributor comparisons | Every distributor on one scorecard | One portal per distributor |
            | Store audits linked to sales | Built in | Separate systems |
            | Data pipeline maintenance | Managed by BevGenie | In-house data team |
            | Program ROI with execution data | Included | Manual joins across tools |
            | Field app for reps | Rep Copilot, offline capable | Audit app only |
            | Warehouse access | Snowflake sharing | Native to BI stack |

            ## Where BevGenie is different
            - **One dataset behind every answer**: Data Hub normalizes distributor, scan and ERP data once, and every module reads from it, so execution, scorecards, forecasts and trade ROI agree with one another.
            - **Audits connected to outcomes**: Execution Tracker photos are linked to the same outlets and SKUs as depletions, so a missing display can be seen next to the sales it cost.
            - **Pipelines someone else maintains**: Connectors for VIP (iDIG), Encompass, NielsenIQ, Circana and the major ERPs are maintained by BevGenie, which frees an internal data team for analysis.
            - **Cross-distributor view**: Distributor Scorecards compare every partner on common definitions, which no single distributor portal can provide.

            ## Keeping what works
            Replacing everything is rarely necessary. Data Hub can share its cleaned, mapped data into your Snowflake account, so an in-house BI team can keep building its own dashboards on better data. Distributor portals remain useful for order details and invoices, and a retail-audit app can be retired once Execution Tracker covers the same checks.

            ## When point solutions are enough
            A large supplier with a mature data engineering team and a stable set of distributors may prefer to keep its own pipelines. Even then, teams often use BevGenie for the field and execution modules and feed the results into their warehouse.
            """#
        ),
    ]
}
