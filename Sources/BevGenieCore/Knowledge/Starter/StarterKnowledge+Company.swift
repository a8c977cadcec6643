extension StarterKnowledge {
    /// About the company, security, and frequently asked questions.
    static let company: [StarterDocument] = [
        StarterDocument(
            id: "company-overview",
            markdown: #"""
            ---
            title: About BevGenie
            kind: information
            painPoints: distributor_performance, execution_visibility, data_fragmentation, sales_productivity, inventory_planning, trade_spend_roi, compliance, market_expansion
            roles: supplier, distributor, retailer, on_premise
            ---
            # About BevGenie

            BevGenie is a sales-intelligence platform built for the US beverage-alcohol industry, giving suppliers, distributors, retailers and on-premise operators one shared view of what is selling, where, and why. It joins distributor depletions, retail scan data, shipments and store visits into a single dataset and turns it into scorecards, routes, forecasts and program results that people act on.

            ## Why beverage alcohol needs its own platform
            General-purpose sales tools assume a company sells directly to its customers and sees every sale in its own invoices. Beverage alcohol does not work that way. Under the three-tier system, suppliers sell to distributors, distributors sell to retailers and bars, and the data about each step lives with a different company in a different format. Every state adds its own rules on pricing, labels, franchise relationships and what one tier may give another. BevGenie is built around that structure rather than adapted to it.

            ## Who BevGenie is for
            - **Suppliers**: Breweries, wineries, distilleries and importers use BevGenie to manage distributor performance, verify store and bar execution, plan inventory, measure trade programs, stay compliant and choose new markets.
            - **Distributors**: Wholesalers use Rep Copilot to plan their reps' days, Distributor Scorecards to coach routes and prepare supplier reviews, and Data Hub to combine route-accounting data with supplier programs.
            - **Retailers**: Multi-store off-premise chains use Execution Tracker to check resets and displays across their stores and Demand Planner to keep shelves stocked without carrying excess inventory.
            - **On-premise groups**: Restaurant and bar groups use Execution Tracker to audit menus and draft lines and Trade Spend Optimizer to find out which promotions pay for themselves.

            ## What the platform includes
            BevGenie has eight modules that share one dataset: Execution Tracker, Distributor Scorecards, Data Hub, Rep Copilot, Demand Planner, Trade Spend Optimizer, Compliance Center and Market Expansion Planner. Data Hub connects to VIP (iDIG), Encompass, SAP, NetSuite, Microsoft Dynamics, Salesforce, NielsenIQ, Circana, Snowflake and SFTP or CSV drops, and refreshes every night. The platform is offered in Starter, Growth and Enterprise plans, and a typical implementation takes about six weeks.

            ## Customers
            BevGenie's customers span every tier. Ridgeline Brewing Co., a craft brewery selling in three Mountain West states, uses it to run distributor reviews and audit chain execution. Casa Verde Wines plans bottling and distributor inventory with it, Copper Still Distilling used it to choose new states and distributors, and Harbor Point Imports runs price postings, label tracking and distributor data through it. Great Lakes Beverage Distributors equips its sales reps with Rep Copilot, Corner Cellars keeps its stores in stock and in set, and Taphouse Collective measures promotions across its restaurants and bars.

            ## How we work
            BevGenie is sold as a subscription with implementation included, starting with a 45-minute demo on the customer's own market and, for many teams, a 30-day paid pilot. Customer data is protected under a SOC 2 Type II program, stored in the United States and never used to train shared models. BevGenie organizes compliance rules and deadlines but does not give legal advice, and it works alongside distributors' own systems rather than replacing them.
            """#
        ),
        StarterDocument(
            id: "company-security",
            markdown: #"""
            ---
            title: Security and data protection
            kind: information
            painPoints:
            roles:
            ---
            # Security and data protection

            BevGenie holds some of the most sensitive data a beverage company has, including distributor depletions, pricing, trade spend and account lists, and it protects that data with the controls enterprise security teams expect. Security is part of every plan, not an add-on.

            ## Controls at a glance
            - **SOC 2 Type II**: BevGenie's controls are audited annually against the SOC 2 Type II criteria for security, availability and confidentiality, and the report is available to customers and prospects under NDA.
            - **Encryption**: Data is encrypted in transit with TLS and at rest with AES-256, including backups and file drops received over SFTP.
            - **US data residency**: Customer data is stored and processed in data centers located in the United States.
            - **Single sign-on**: SAML single sign-on with identity providers such as Okta, Microsoft Entra ID and Google Workspace is included in the Enterprise plan.
            - **Access controls and audit logs**: Role-based permissions limit each user to the modules, markets and accounts they need, and sign-ins, exports and administrative changes are logged.
            - **No training on your data**: Customer data is never used to train shared models or to improve features offered to other customers.

            ## Keeping customers' data apart
            The beverage industry is full of overlapping relationships: a distributor carries many competing suppliers, and a retailer buys from several distributors. Each BevGenie customer's data lives in its own workspace, and one customer's depletions, programs or prices are never visible to another. When a supplier shares a scorecard with a distributor, only the scorecard the supplier chooses to share leaves its workspace.

            ## Questions about security

            ### Can we review your SOC 2 report?
            Yes. The current SOC 2 Type II report is available under a mutual NDA, and our security team can complete standard security questionnaires during evaluation.

            ### Where is our data stored?
            All customer data is stored and processed in the United States. Backups are encrypted and kept in US regions as well.

            ### Is our data used to train AI models?
            No. Features such as Rep Copilot's talking points use your data only inside your own workspace, and your data is never used to train shared models that serve other customers.

            ### Who at BevGenie can access our data?
            Only members of the implementation and support teams assigned to your account can access your workspace, and only to perform work you have requested. Every access is logged and reviewed.

            ### What happens to our data if we leave?
            You can export your mapped data as files or through Snowflake sharing at any time. After the contract ends, your data is deleted from production systems within 30 days and from backups on their normal expiry schedule.
            """#
        ),
        StarterDocument(
            id: "faq-general",
            markdown: #"""
            ---
            title: Frequently asked questions about BevGenie
            kind: faq
            painPoints:
            roles:
            ---
            # Frequently asked questions about BevGenie

            These are the questions prospective customers ask most often about what BevGenie does, who it serves and how it is bought. For questions about connecting data, see the integrations FAQ.

            ### What is BevGenie?
            BevGenie is a sales-intelligence platform for the US beverage-alcohol industry. It combines distributor depletions, retail scan data, shipments and store visits into one dataset, and uses it to run distributor scorecards, field routes, shelf execution checks, forecasts, trade program measurement, compliance tracking and market expansion planning.

            ### Who uses BevGenie?
            Suppliers, including breweries, wineries, distilleries and importers, are the largest group of users. Distributors use it to plan their reps' days and prepare supplier reviews, multi-store retailers use it to keep shelves stocked and resets on plan, and restaurant and bar groups use it to audit menus and draft lines and measure promotions.

            ### Do we need all eight modules?
            No. The Starter plan includes Execution Tracker, Distributor Scorecards and Data Hub, which is where most suppliers begin. The Growth and Enterprise plans include all eight modules, so teams can add Rep Copilot, Demand Planner, Trade Spend Optimizer, Compliance Center and Market Expansion Planner as they need them.

            ### Is BevGenie only for large companies?
            No. The Starter plan is designed for regional suppliers with small sales teams; Ridgeline Brewing Co., for example, runs its distributor reviews on Starter with an eight-person sales team. Larger suppliers and distributors with many reps use the Growth or Enterprise plans.

            ### How long does it take to get started?
            A standard implementation takes about six weeks: data connection in weeks one and two, mapping and validation in weeks two and three, a pilot team in weeks four and five, and rollout in week six. Implementation is included in every plan.

            ### Does BevGenie replace our distributors' systems?
            No. BevGenie reads data from distributor systems such as VIP and Encompass and from the files distributors already send, and it does not change how distributors take orders or deliver. Distributors that use BevGenie themselves keep their route-accounting system and use BevGenie alongside it.

            ### Does Compliance Center give legal advice?
            No. Compliance Center organizes state rules, price-posting deadlines, label approvals and an audit trail, but it is a reference and workflow tool. Your compliance staff and counsel remain responsible for interpreting the rules.

            ### How can we see BevGenie in action?
            Book a 45-minute demo, which we set up with your states, category and channels wherever possible. Teams that want to test BevGenie on their own data can then run a 30-day paid pilot, with the fee credited toward the first year.
            """#
        ),
        StarterDocument(
            id: "faq-integrations",
            markdown: #"""
            ---
            title: Integrations and data sources FAQ
            kind: faq
            painPoints: data_fragmentation, distributor_performance, inventory_planning
            roles: supplier, distributor, retailer
            ---
            # Integrations and data sources FAQ

            BevGenie connects to the distributor, retail and internal systems beverage companies already use, so teams do not have to change how their partners report data. These are the most common questions about connecting them.

            ### Which systems does BevGenie connect to?
            Data Hub has standard connectors for VIP (iDIG), Encompass, SAP, NetSuite, Microsoft Dynamics, Salesforce, NielsenIQ, Circana and Snowflake. Any other source can be connected through SFTP or CSV drops, and Enterprise customers can request custom integrations.

            ### How does BevGenie receive depletion data from VIP?
            For distributors that report through VIP, BevGenie receives your depletion and inventory data through iDIG once you authorize the data share. A single iDIG connection covers every distributor that reports through VIP, and it counts as one data source on every plan.

            ### What about distributors that are not on VIP?
            Distributors running Encompass can be connected directly, and distributors on other systems can send their existing reports as CSV or EDI files by SFTP. BevGenie handles each distributor's format, so distributors do not need to change their reports.

            ### Do we need our own NielsenIQ or Circana license?
            Yes. BevGenie loads scan data that you already license from NielsenIQ or Circana, or that a retailer shares with you, and it does not resell syndicated data. Once loaded, scan data is mapped to the same products and outlets as your depletions.

            ### How often is data refreshed?
            Data Hub refreshes every connected source nightly. Sources that only report weekly or monthly, such as some distributor files, appear as soon as each new file arrives, and Data Hub flags any file that is late or incomplete.

            ### How does BevGenie work with Salesforce?
            The Salesforce integration brings accounts, contacts and activities into Data Hub and writes visit results from Rep Copilot and Execution Tracker back to Salesforce. Teams can keep Salesforce for key account management while using BevGenie for depletions, scorecards and field execution.

            ### Can BevGenie send data to our data warehouse?
            Yes. Cleaned and mapped data can be shared into your Snowflake account or delivered as files, so your BI team can build its own reports on the same normalized data the BevGenie modules use.

            ### What if our ERP is not on the list?
            Most ERPs can export shipments, orders and the item master as scheduled CSV files, which Data Hub picks up by SFTP. For systems that need a direct connection, custom integrations are available on the Enterprise plan.
            """#
        ),
    ]
}
