//! The words the demo history is made of: what people ask each other to do
//! in each department, and what they say about it afterwards.
//!
//! Placeholders: `{team}` is a team's name, `{q}` a quarter, `{title}` a
//! delegation's title, `{skill}` a skill as named, `{topic}` the same mid-sentence, `{name}` a first name.

/// The kind of work one department delegates.
pub(super) struct Area {
    /// The name of the root team (department) this work belongs to.
    pub department: &'static str,
    pub tasks: &'static [Task],
}

/// Verbs and objects that fit together: any verb reads well with any object.
pub(super) struct Task {
    pub verbs: &'static [&'static str],
    pub objects: &'static [&'static str],
}

const fn t(verbs: &'static [&'static str], objects: &'static [&'static str]) -> Task {
    Task { verbs, objects }
}

const REVIEW: &[&str] = &["Review", "Give feedback on", "Sanity-check", "Proofread"];
const DRAFT: &[&str] = &["Draft", "Write up", "Outline", "Put together"];
const FIX: &[&str] = &["Pair on", "Investigate", "Fix", "Track down"];
const RUN: &[&str] = &["Run", "Organize", "Host", "Set up"];
const ANALYZE: &[&str] = &["Pull the numbers for", "Dig into", "Analyze", "Summarize"];

/// Work for teams whose department has no list of its own (Leadership, a one-team company).
pub(super) const GENERAL: Area = Area {
    department: "",
    tasks: &[
        t(
            DRAFT,
            &[
                "the {q} board update",
                "talking points for the all-hands",
                "the agenda for the leadership offsite",
                "a one-pager on the {q} priorities",
            ],
        ),
        t(
            REVIEW,
            &[
                "the {q} budget proposal",
                "the org announcement for {team}",
                "the draft of the company values page",
                "the hiring plan for {q}",
            ],
        ),
        t(
            RUN,
            &[
                "the {q} planning kickoff",
                "the next all-hands Q&A",
                "a retro on the offsite",
                "the investor update call prep",
            ],
        ),
    ],
};

/// Work by department, matched on the root team's name.
pub(super) const AREAS: &[Area] = &[
    Area {
        department: "Engineering",
        tasks: &[
            t(
                FIX,
                &[
                    "the flaky payments test",
                    "the slow dashboard query",
                    "the memory leak in the importer",
                    "the timeout in the {team} nightly job",
                    "the failing canary deploy",
                    "the race in the session cleanup",
                    "the 500s on the export endpoint",
                    "the broken staging seed data",
                    "the slow cold start of the worker",
                ],
            ),
            t(
                REVIEW,
                &[
                    "the design doc for the new job queue",
                    "the schema migration for invoices",
                    "the {team} on-call runbook",
                    "the PR that splits the auth service",
                    "the load-test results for {q}",
                    "the retry policy for webhooks",
                    "the API pagination proposal",
                    "the error budget report for {team}",
                    "the dependency upgrade PR",
                ],
            ),
            t(
                DRAFT,
                &[
                    "the postmortem for last week's outage",
                    "a migration guide for the v2 API",
                    "the {q} tech-debt list for {team}",
                    "an ADR for the caching layer",
                    "the upgrade plan for Postgres",
                    "the onboarding guide for new engineers on {team}",
                    "a proposal to retire the legacy cron jobs",
                ],
            ),
            t(
                &["Upgrade", "Clean up", "Add alerts to", "Write tests for"],
                &[
                    "the CI pipeline",
                    "the {team} deploy scripts",
                    "the feature-flag service",
                    "the rate limiter",
                    "the search indexer",
                ],
            ),
        ],
    },
    Area {
        department: "Product",
        tasks: &[
            t(
                DRAFT,
                &[
                    "the PRD for bulk export",
                    "the {q} roadmap narrative",
                    "release notes for the {team} launch",
                    "the problem statement for self-serve onboarding",
                    "success metrics for the pricing experiment",
                    "the one-pager for usage-based billing",
                    "the FAQ for the {team} launch",
                ],
            ),
            t(
                REVIEW,
                &[
                    "the {q} roadmap with {team}",
                    "the competitor teardown",
                    "the beta feedback summary",
                    "the acceptance criteria for SSO",
                ],
            ),
            t(
                ANALYZE,
                &[
                    "the trial-to-paid funnel",
                    "churned accounts from {q}",
                    "feature adoption since the launch",
                    "the NPS comments from last month",
                ],
            ),
            t(
                RUN,
                &[
                    "five customer interviews on reporting",
                    "the {team} discovery workshop",
                    "the beta sign-up for the new editor",
                ],
            ),
        ],
    },
    Area {
        department: "Sales",
        tasks: &[
            t(
                REVIEW,
                &[
                    "the {q} pricing deck",
                    "the Acme renewal proposal",
                    "the discount request from Globex",
                    "the mutual action plan for Initech",
                    "my cold-email sequence",
                ],
            ),
            t(
                DRAFT,
                &[
                    "the onboarding checklist for new SDRs",
                    "a battlecard against the incumbent",
                    "the follow-up for yesterday's demo",
                    "the {q} territory plan",
                    "the security questionnaire answers for Umbrella",
                    "the {q} pipeline review notes",
                    "the pricing page objections list",
                ],
            ),
            t(
                &["Cover", "Sit in on", "Prep me for", "Join"],
                &[
                    "the Hooli discovery call",
                    "Thursday's demo with Stark Industries",
                    "the procurement call with Wayne Enterprises",
                    "the quarterly business review with Soylent",
                ],
            ),
            t(
                &["Update", "Clean up", "Re-score"],
                &[
                    "the pipeline in the CRM before forecast",
                    "the {team} lead list",
                    "the stale opportunities from {q}",
                ],
            ),
        ],
    },
    Area {
        department: "People",
        tasks: &[
            t(
                DRAFT,
                &[
                    "the onboarding plan for the {team} hires",
                    "the {q} engagement survey questions",
                    "the parental leave FAQ",
                    "interview scorecards for the new role",
                    "the manager training outline",
                ],
            ),
            t(
                REVIEW,
                &[
                    "the job description for the {team} opening",
                    "the updated travel policy",
                    "the {q} promotion packets",
                    "the offer letter template",
                ],
            ),
            t(
                RUN,
                &[
                    "the new-joiner lunch",
                    "the interview debrief for the backend role",
                    "the {q} performance calibration prep",
                    "the mentoring program kickoff",
                    "the {team} team offsite",
                    "the exit interview follow-ups",
                ],
            ),
        ],
    },
    Area {
        department: "Customer Success",
        tasks: &[
            t(
                &[
                    "Call",
                    "Follow up with",
                    "Prepare the renewal for",
                    "Write the success plan for",
                ],
                &[
                    "Acme about their escalation",
                    "Globex before the renewal",
                    "the new Initech admins",
                    "Umbrella after the outage",
                    "the three at-risk accounts",
                ],
            ),
            t(
                DRAFT,
                &[
                    "the help-center article on SSO setup",
                    "the {q} churn-risk report",
                    "the onboarding email sequence",
                    "the macro for billing questions",
                    "the {team} renewal playbook",
                    "the feature request digest for Product",
                ],
            ),
            t(
                REVIEW,
                &[
                    "the escalation notes for {team}",
                    "the QBR deck for Hooli",
                    "the health scores that dropped this month",
                ],
            ),
        ],
    },
    Area {
        department: "Marketing",
        tasks: &[
            t(
                DRAFT,
                &[
                    "the launch blog post",
                    "the {q} webinar landing page",
                    "the newsletter for this month",
                    "three LinkedIn posts for the launch",
                    "the case study with Globex",
                    "the product tour script",
                    "the {q} partner newsletter",
                ],
            ),
            t(
                REVIEW,
                &[
                    "the {q} campaign brief",
                    "the SEO audit for the docs site",
                    "the ad copy variants",
                    "the event budget for the conference",
                ],
            ),
            t(
                ANALYZE,
                &[
                    "last quarter's campaign results",
                    "the webinar attendance",
                    "the organic traffic drop",
                    "lead quality by channel for {team}",
                ],
            ),
        ],
    },
    Area {
        department: "Design",
        tasks: &[
            t(
                REVIEW,
                &[
                    "the checkout flow mockups",
                    "the empty states for {team}",
                    "the icon set for the mobile app",
                    "the accessibility audit of settings",
                ],
            ),
            t(
                &["Prototype", "Sketch", "Tidy up", "Run a usability test on"],
                &[
                    "the new onboarding flow",
                    "the settings redesign",
                    "the dark-mode palette",
                    "the notification center",
                    "the {team} dashboard",
                ],
            ),
            t(
                DRAFT,
                &[
                    "the design-system guidelines for forms",
                    "the research plan for {q}",
                    "the handoff notes for the billing page",
                    "the {team} research readout",
                ],
            ),
        ],
    },
    Area {
        department: "Finance",
        tasks: &[
            t(
                REVIEW,
                &[
                    "the {q} forecast model",
                    "the vendor contract with the cloud provider",
                    "the expense policy update",
                    "the headcount plan for {team}",
                ],
            ),
            t(
                DRAFT,
                &[
                    "the board finance pack for {q}",
                    "the month-end close checklist",
                    "the budget template for department heads",
                    "the {team} spend review",
                ],
            ),
            t(
                ANALYZE,
                &[
                    "the cloud spend spike",
                    "the {q} variance against budget",
                    "SaaS licences nobody uses",
                    "days sales outstanding by region",
                ],
            ),
        ],
    },
    Area {
        department: "Operations",
        tasks: &[
            t(
                DRAFT,
                &[
                    "the vendor onboarding process",
                    "the {q} office move plan",
                    "the laptop refresh schedule",
                    "the SOC 2 evidence checklist",
                    "the {team} onboarding runbook",
                ],
            ),
            t(
                REVIEW,
                &[
                    "the renewal terms with the facilities vendor",
                    "the access review for {team}",
                    "the business continuity plan",
                ],
            ),
            t(
                &["Sort out", "Renegotiate", "Set up", "Document"],
                &[
                    "the new badge system",
                    "the shipping contract",
                    "the procurement workflow",
                    "the {team} tooling licences",
                ],
            ),
        ],
    },
];

/// Why the work matters, to open a delegation's details.
pub(super) const WHY: &[&str] = &[
    "We promised this to {team} by the end of the sprint.",
    "This came out of Monday's planning.",
    "It's blocking the {q} review.",
    "Leadership asked for it in the last sync.",
    "Customers keep asking about this.",
    "I've been sitting on this for too long.",
    "It's small, but it keeps coming up.",
    "This unblocks the next milestone.",
];

/// What the delegator asks for, to close a delegation's details.
pub(super) const ASK: &[&str] = &[
    "A rough first pass is fine; I mostly need your eye on it.",
    "You know this area better than I do, so use your judgement.",
    "Ping me if the scope looks bigger than it should.",
    "Happy to pair for the first half hour.",
    "Bullet points are enough.",
    "Please loop in whoever you think should see it.",
    "If it doesn't fit this week, tell me and we'll find another slot.",
];

pub(super) const FROM_DELIVERED: &[&str] = &[
    "Exactly what I needed, and faster than I expected.",
    "Clear, thorough, and the summary at the top saved me time.",
    "Great work. I'll come to you first for this kind of thing.",
    "Solid. The open questions you flagged were the right ones.",
    "Thanks for keeping me posted along the way.",
];
pub(super) const FROM_PARTLY: &[&str] = &[
    "Good start; the second half still needs work, and I'll pick it up.",
    "Useful, but we misunderstood the scope. I should have been clearer.",
    "Most of it landed; the numbers need another pass.",
    "Helpful draft, though it came in after the meeting it was for.",
];
pub(super) const FROM_MISSED: &[&str] = &[
    "It didn't happen this time. Let's talk about what got in the way.",
    "We missed the window; no drama, let's plan the next one better.",
    "I had to do it myself in the end. Happy to try again.",
    "Didn't land before the deadline. I should have checked in earlier.",
];
pub(super) const TO_DELIVERED: &[&str] = &[
    "Learned a lot doing this, thanks for trusting me with it.",
    "Fun one. Happy to take the follow-up too.",
    "Took a bit longer than planned but I'm happy with it.",
    "Left notes in the doc for next time.",
];
pub(super) const TO_PARTLY: &[&str] = &[
    "I ran out of time for the last part; should have said so sooner.",
    "I read the brief differently. Next time I'll confirm scope up front.",
    "Got stuck waiting on data from another team.",
];
/// Apologies and context from a delegate who missed.
pub(super) const TO_MISSED: &[&str] = &[
    "Sorry, the incident ate my whole week and I didn't flag it.",
    "My fault: I said yes when I was already overloaded.",
    "I was out sick two days and lost track of it. Sorry.",
    "The release slipped and took all my time. I should have handed it back.",
    "Apologies; I underestimated it. I'd like another go.",
];
pub(super) const TO_DECLINED: &[&str] = &[
    "I'm at capacity until the release ships; ask me again next sprint.",
    "I'm not the right person for this one; try someone on {team}.",
    "I'm out most of next week, so I'd rather say no now.",
    "Can't take it on without dropping something else I promised.",
];
pub(super) const TO_HANDED_BACK: &[&str] = &[
    "Handing this back: priorities shifted after planning, and I'd rather say so now.",
    "I got pulled onto an escalation; returning this before the due date.",
    "This needs access I don't have. Giving it back so it doesn't stall.",
];
/// A delegate's dispute of a partly or missed outcome.
pub(super) const DISPUTES: &[&str] = &[
    "I delivered what we agreed on; the scope grew after that.",
    "The due date moved in our chat, so I don't think this was missed.",
    "I sent it on time, by email; I think it got lost.",
];

pub(super) const THANKS_DELEGATION: &[&str] = &[
    "Thank you for jumping on \"{title}\". It made my week easier.",
    "\"{title}\" came out great. The {team} folks noticed too.",
    "Really appreciated your help with \"{title}\", {name}.",
    "Thanks for \"{title}\": careful, quick and no hand-holding needed.",
    "{name}, your work on \"{title}\" saved me a day. Thank you!",
];
pub(super) const THANKS_HELP: &[&str] = &[
    "Thanks for the {topic} session, {name}. I used your tips the next day.",
    "Your help with {topic} made a real difference. Thank you!",
    "I finally feel more confident about {topic}. Thanks for your patience.",
    "Thank you for making time to help me with {topic}.",
];
pub(super) const THANKS_PLAIN: &[&str] = &[
    "Thanks for covering for me while I was out, {name}.",
    "Your calm in yesterday's meeting helped everyone. Thank you.",
    "Thanks for always answering my questions without making me feel silly.",
    "Great presentation today, {name}. Thanks for the shout-out too.",
    "Thank you for the thoughtful review comments this week.",
];

/// A help request: why the asker wants help with `{skill}`.
pub(super) const HELP_ASKS: &[&str] = &[
    "Can you help me with {topic}? I have a big moment coming up and want a practice run.",
    "I want to get better at {topic} this half. Anyone up for a 30-minute session?",
    "{skill} is my growth area and I'm stuck. Could someone walk me through how they approach it?",
    "Looking for someone to look over my work on {topic} and tell me honestly what to improve.",
    "I keep avoiding {topic} and it's starting to show. Who could give me a few pointers?",
];
pub(super) const HELP_OFFERS: &[&str] = &[
    "Happy to help. How about 30 minutes on Thursday?",
    "I've done a lot of {topic}; let's grab a coffee and go through it.",
    "Sure! Send me what you have and I'll leave comments.",
    "I struggled with {topic} too at first. Glad to share what worked for me.",
];

/// Skills named as-is in mid-sentence: proper nouns.
pub(super) const PROPER: &[&str] = &["Rust", "TypeScript", "Kubernetes", "Figma"];

pub(super) const QUARTERS: &[&str] = &["Q1", "Q2", "Q3", "Q4"];
