extension StarterKnowledge {
    /// Pricing, return on investment, the demo and the implementation plan.
    static let commercial: [StarterDocument] = [
        StarterDocument(
            id: "pricing-plans",
            markdown: #"""
            ---
            title: BevGenie pricing and plans
            kind: pricing
            painPoints:
            roles:
            ---
            # BevGenie pricing and plans

            BevGenie is sold in three plans, Starter, Growth and Enterprise, each priced as a flat monthly subscription so a team knows its full cost before it signs. Every plan includes Data Hub and the standard six-week implementation.

            ## Plans at a glance
            - **$1,500** per month for the Starter plan, covering up to 10 users and 2 data sources with Execution Tracker, Distributor Scorecards and Data Hub.
            - **$4,500** per month for the Growth plan, covering up to 50 users, unlimited data sources and all eight modules.
            - **15%** saved on any plan with annual billing, which brings Starter to $15,300 a year and Growth to $45,900 a year.
            - **30 days** of paid pilot before committing, with the pilot fee credited toward the first year.

            ## Compare the plans
            | Capability | Starter | Growth | Enterprise |
            | --- | --- | --- | --- |
            | Monthly price | $1,500 | $4,500 | Custom |
            | Users | Up to 10 | Up to 50 | Unlimited |
            | Data sources | 2 | Unlimited | Unlimited |
            | Modules | Execution Tracker, Distributor Scorecards, Data Hub | All eight | All eight |
            | SAML single sign-on | Not included | Not included | Included |
            | Customer success | Standard support | Standard support | Dedicated customer success manager |
            | Custom integrations | Not included | Not included | Included |

            ## Which plan fits
            Starter suits a regional supplier with a small sales team that wants reliable distributor scorecards and store-level execution tracking, fed by its distributor depletion data and its ERP. Growth suits multi-state suppliers and distributors that also need Rep Copilot in the field, forecasting with Demand Planner, program measurement with Trade Spend Optimizer, state compliance tracking and expansion planning. Enterprise is for larger suppliers, importers and distributors with more than 50 users, a single sign-on requirement, or systems that need a custom integration.

            ## Questions about pricing

            ### What counts as a data source?
            A data source is one connected system or feed. VIP iDIG counts as one data source no matter how many of your distributors report through it, and your ERP counts as another. A distributor that sends its own files by SFTP or CSV counts as a separate source, which is why teams with many such distributors usually choose Growth.

            ### Who counts as a user?
            Anyone who signs in to BevGenie counts as a user, including distributor or agency staff you invite. Scorecards shared with a distributor as a read-only export do not need a user seat.

            ### Is implementation included?
            Yes. The standard implementation, covering data connection, mapping and validation, a pilot team and rollout over about six weeks, is included in every plan. Custom integrations beyond the standard connectors are part of the Enterprise plan.

            ### How does the paid pilot work?
            The 30-day pilot runs on your own data with one team or one market, using the plan you are evaluating. If you continue, the full pilot fee is credited toward your first year's subscription.

            ### Can we change plans later?
            You can upgrade at any time, and the price difference is prorated for the rest of the billing period. Moving to a smaller plan takes effect at your next renewal.

            ### Is there a free trial?
            There is no free trial, because BevGenie is only useful once your own distributor data is connected and mapped. The 45-minute demo shows the platform on your market, and the paid pilot is the way to test it with your real data.
            """#
        ),
        StarterDocument(
            id: "pricing-roi",
            markdown: #"""
            ---
            title: How to estimate the return on BevGenie
            kind: pricing
            painPoints: trade_spend_roi, sales_productivity, execution_visibility, data_fragmentation
            roles: supplier, distributor
            ---
            # How to estimate the return on BevGenie

            The return on BevGenie comes from three places: hours your team stops spending on manual reporting, sales recovered from out-of-stocks and execution gaps, and trade spend moved away from programs that do not pay back. A useful estimate takes about an hour with numbers your team already has.

            ## Inputs you need
            - **Reporting hours**: The hours per week that analysts, managers and reps spend building depletion reports, distributor scorecards and recaps, and their loaded hourly cost.
            - **Revenue and margin**: Annual net revenue in the markets BevGenie will cover, at your selling price to distributors, and your gross margin on it.
            - **Out-of-stock loss**: The share of revenue lost to out-of-stocks and execution gaps, taken from store audits or set conservatively.
            - **Trade spend**: Your annual budget for depletion allowances, scan-backs, incentives and other programs.
            - **Cost**: The subscription for the plan you need plus the internal hours your team will spend during implementation.

            ## The method
            1. **Price the time saved**: Multiply weekly reporting hours by 48 working weeks and by the hourly cost, then by the share of that work BevGenie will automate.
            2. **Estimate recovered gross profit**: Multiply revenue by the out-of-stock loss share, by the share of that loss you expect to recover, and by your gross margin.
            3. **Estimate trade spend reallocated**: Multiply your trade budget by the share spent on programs that show no measurable lift.
            4. **Add the annual value**: Sum the three results.
            5. **Add up first-year cost**: Take the annual subscription after the 15% annual-billing discount and add internal implementation time.
            6. **Calculate return and payback**: ROI is annual value minus cost, divided by cost; payback in months is cost divided by one month of value.

            ## Worked example
            A regional spirits supplier with 25 users chooses the Growth plan with annual billing. Four people spend 8 hours a week on reporting, which is 4 × 8 × 48 = 1,536 hours a year; automating half at $55 an hour saves 768 × $55 = $42,240. Revenue in covered markets is $30,000,000, and 3% is lost to out-of-stocks, or $900,000; recovering 20% of that is $180,000 in sales, and at a 40% gross margin that is $72,000 in gross profit. Trade spend is $2,000,000, and moving 5% away from programs with no lift frees $100,000.

            Annual value is $42,240 + $72,000 + $100,000 = $214,240. The subscription is $4,500 × 12 = $54,000, less 15%, or $45,900, and 120 hours of internal implementation time at $55 adds $6,600, for a first-year cost of $52,500. ROI is ($214,240 − $52,500) ÷ $52,500 = 3.08, and payback is $52,500 ÷ ($214,240 ÷ 12 = $17,853) = 2.9 months.

            - **$214,240** in estimated annual value in the worked example.
            - **$52,500** in first-year cost, including internal implementation time.
            - **308%** first-year return on investment in the worked example.
            - **2.9 months** to pay back the first-year cost.

            ## Questions about the estimate

            ### Which assumptions matter most?
            The out-of-stock loss and recovery shares move the result most, so use audit data if you have it and keep the recovery share modest. If the estimate only works with aggressive assumptions, start with a smaller plan or a pilot in one market.

            ### Can BevGenie help build the estimate?
            Yes. During the demo or pilot, BevGenie can calculate reporting hours, out-of-stock rates and program lift from your own data, replacing assumptions with measured figures.

            ### How do we check the estimate after launch?
            Agree the inputs before the pilot starts, then measure the same figures at the end of the pilot and again after two quarters.
            """#
        ),
        StarterDocument(
            id: "demo-what-to-expect",
            markdown: #"""
            ---
            title: What to expect from a BevGenie demo
            kind: demo
            painPoints:
            roles: supplier, distributor, retailer, on_premise
            ---
            # What to expect from a BevGenie demo

            A BevGenie demo is a 45-minute working session built around your own market and questions, not a tour of slides. Wherever possible, we set it up with your states, category and channels so that what you see looks like your business.

            ## The agenda
            1. **Your goals (10 minutes)**: We start with the questions you most need answered, such as which distributors are behind plan, where execution is slipping, or how to judge trade programs.
            2. **Your market in BevGenie (15 minutes)**: We walk through Data Hub, Distributor Scorecards and Execution Tracker configured for your states, category and channel mix.
            3. **The modules that fit (10 minutes)**: We show the modules tied to your goals, for example Rep Copilot for field teams, Demand Planner for supply chain or Compliance Center for operations.
            4. **Implementation and pricing (5 minutes)**: We outline the six-week implementation, the data sources you would connect and the plan that fits your team.
            5. **Next steps (5 minutes)**: We agree on what happens next, whether that is a follow-up with your data team, a proposal or a 30-day paid pilot.

            ## How we use your market
            Before the demo we configure a dataset shaped like your market: your states, your category and price tier, and the mix of chain, independent and on-premise accounts you sell through. If you share a recent depletion extract under a mutual NDA, we load it so that you see your own distributors and SKUs. Nothing you share for a demo is used for any other purpose, and it is deleted afterwards if you do not go ahead.

            ## Who should attend
            The most useful demos include the person who owns the sales number, such as a VP of sales or a regional manager, and the person who builds the reports today, usually a sales operations or data analyst. For distributors, a sales manager and someone who knows your Encompass or VIP setup are ideal. Retailers and on-premise groups usually bring the merchandising or beverage director.

            ## Questions about the demo

            ### How long is the demo?
            The demo takes 45 minutes. Teams that want to go deeper into one module, such as Trade Spend Optimizer or Compliance Center, can book a second session with a specialist.

            ### Do we need to share data before the demo?
            No. A dataset configured to your market is enough for a first demo. Sharing a depletion extract is optional and makes the scorecards and account lists reflect your own business.

            ### Can distributors, retailers and on-premise groups book a demo?
            Yes. We tailor the agenda to your tier: distributors usually focus on Rep Copilot and Distributor Scorecards, retailers on Execution Tracker and Demand Planner, and on-premise groups on menu and draft-line execution and promotion measurement.

            ### What happens after the demo?
            You receive a short summary of what we discussed, the modules and plan we recommend, and a proposal for either a 30-day paid pilot or a full implementation. There is no obligation to continue.
            """#
        ),
        StarterDocument(
            id: "demo-implementation",
            markdown: #"""
            ---
            title: Implementation and onboarding timeline
            kind: demo
            painPoints: data_fragmentation
            roles: supplier, distributor, retailer, on_premise
            ---
            # Implementation and onboarding timeline

            Most BevGenie customers go from a signed agreement to a full rollout in about six weeks, because the hardest part, connecting and mapping distributor data, is handled by a team that has done it many times. The plan below is the standard implementation included in every BevGenie plan.

            ## The six-week plan
            1. **Data connection (weeks 1–2)**: We connect your sources through Data Hub, such as VIP iDIG, Encompass, your ERP, scan data and SFTP or CSV drops, and load historical depletions so trends are available from day one.
            2. **Mapping and validation (weeks 2–3)**: Distributor item codes are mapped to your SKUs and accounts are matched to outlets, then totals are checked against each source and your own shipments until they tie.
            3. **Pilot team (weeks 4–5)**: A small group, usually one region or one sales team, uses BevGenie in daily work, and we adjust account priorities, scorecards and checklists from their feedback.
            4. **Rollout (week 6)**: The remaining users are trained in short role-based sessions, and scorecards, alerts and reports are switched on for everyone.

            ## What we need from you
            - **An executive sponsor**: A sales or operations leader who sets the goals for the rollout and clears decisions quickly.
            - **A data owner**: Someone who knows your item master and current reports, for a few hours a week during the first three weeks.
            - **Distributor permissions**: Authorization for BevGenie to receive your depletion data through VIP iDIG or directly from distributors that send files.
            - **A pilot team**: Five to ten users willing to use BevGenie daily in weeks four and five and tell us what is not working.

            ## What BevGenie provides
            Every customer has an implementation lead who runs the plan, configures the connectors and handles the mapping work. Enterprise customers also have a dedicated customer success manager from the first week, who stays with the account after rollout.

            ## Questions about implementation

            ### What can slow implementation down?
            The most common delays are waiting for distributors to authorize data sharing and an item master with missing or duplicate SKUs. Starting distributor authorisations in the first days of week one keeps the plan on schedule.

            ### Do our distributors need to do anything?
            Distributors that report through VIP iDIG usually need only to approve the data share. Distributors on other systems need to send their existing reports by SFTP or email, and we handle the formatting on our side.

            ### How does the paid pilot relate to implementation?
            If you start with the 30-day paid pilot, the connection and mapping work done during the pilot carries over, so the remaining rollout is usually shorter. The pilot fee is credited toward your first year.

            ### What happens after rollout?
            After week six, your team moves to regular check-ins focused on adoption and results, and new data sources or modules can be added without repeating the full implementation.
            """#
        ),
    ]
}
