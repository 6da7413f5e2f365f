//! The shape of the demo company in words: departments, their teams, titles
//! and the skills each kind of work draws on.

/// A department: a root team with a head, and the teams it may grow into.
pub(super) struct Department {
    pub name: &'static str,
    /// Share of the sub-teams this department gets as the company grows.
    pub weight: u64,
    pub head_title: &'static str,
    /// Title of a team lead; `{team}` is replaced by the team's name.
    pub group_lead_title: &'static str,
    /// Title of a squad lead, where `{team}` would read badly.
    pub squad_lead_title: &'static str,
    /// Titles of people in the department team itself, beside the head.
    pub staff_titles: &'static [&'static str],
    /// Titles for a team that has no titles of its own.
    pub titles: &'static [&'static str],
    /// What people in this department are typically good at.
    pub skills: &'static [&'static str],
    /// Sub-teams, most typical first: a small company has only the first few.
    pub groups: &'static [Group],
}

/// A sub-team of a department.
pub(super) struct Group {
    pub name: &'static str,
    /// Member titles; empty means the department's titles.
    pub titles: &'static [&'static str],
    /// Skills this team is known for; one of them is among a member's strengths.
    pub focus: &'static [&'static str],
}

const fn g(
    name: &'static str,
    titles: &'static [&'static str],
    focus: &'static [&'static str],
) -> Group {
    Group {
        name,
        titles,
        focus,
    }
}

/// Index of the People department in [`DEPARTMENTS`]: admins sit there.
pub(super) const PEOPLE_DEPARTMENT: usize = 3;

/// Departments in the order a growing company adds them.
pub(super) const DEPARTMENTS: &[Department] = &[
    Department {
        name: "Engineering",
        weight: 6,
        head_title: "VP of Engineering",
        group_lead_title: "Engineering Manager",
        squad_lead_title: "Engineering Manager",
        staff_titles: &[
            "Principal Engineer",
            "Technical Program Manager",
            "Engineering Operations Manager",
        ],
        titles: &[
            "Software Engineer",
            "Senior Software Engineer",
            "Staff Engineer",
            "Backend Engineer",
            "Senior Backend Engineer",
            "Frontend Engineer",
            "Full-Stack Engineer",
        ],
        skills: &[
            "Rust",
            "TypeScript",
            "SQL",
            "System design",
            "Code review",
            "Incident response",
            "Kubernetes",
            "Application security",
            "Automated testing",
            "Technical writing",
        ],
        groups: &[
            g(
                "Platform",
                &[
                    "Senior Backend Engineer",
                    "Backend Engineer",
                    "Staff Engineer",
                    "Software Engineer",
                ],
                &["Rust", "System design", "Kubernetes"],
            ),
            g(
                "Payments",
                &[
                    "Backend Engineer",
                    "Senior Backend Engineer",
                    "Software Engineer",
                    "Senior Software Engineer",
                ],
                &["SQL", "Application security", "Rust"],
            ),
            g(
                "Mobile",
                &[
                    "iOS Engineer",
                    "Android Engineer",
                    "Senior Mobile Engineer",
                    "Mobile Engineer",
                ],
                &["Mobile development", "Automated testing"],
            ),
            g(
                "Web",
                &[
                    "Frontend Engineer",
                    "Senior Frontend Engineer",
                    "Full-Stack Engineer",
                ],
                &["TypeScript", "Accessibility"],
            ),
            g(
                "Data Platform",
                &[
                    "Data Engineer",
                    "Senior Data Engineer",
                    "Analytics Engineer",
                    "Machine Learning Engineer",
                ],
                &["SQL", "Data analysis", "Machine learning"],
            ),
            g(
                "Infrastructure",
                &[
                    "Site Reliability Engineer",
                    "Senior Site Reliability Engineer",
                    "Infrastructure Engineer",
                ],
                &["Kubernetes", "Incident response"],
            ),
            g(
                "Security",
                &[
                    "Security Engineer",
                    "Senior Security Engineer",
                    "Application Security Engineer",
                ],
                &["Application security", "Incident response"],
            ),
            g("Identity", &[], &["Application security"]),
            g("Search", &[], &["Rust", "Machine learning"]),
            g("Integrations", &[], &["TypeScript", "Technical writing"]),
            g(
                "Developer Experience",
                &[],
                &["Automated testing", "Technical writing"],
            ),
            g(
                "Quality Engineering",
                &[
                    "QA Engineer",
                    "Test Automation Engineer",
                    "Senior QA Engineer",
                ],
                &["Automated testing"],
            ),
            g("Billing", &[], &["SQL"]),
            g("Notifications", &[], &[]),
        ],
    },
    Department {
        name: "Product",
        weight: 2,
        head_title: "VP of Product",
        group_lead_title: "Group Product Manager",
        squad_lead_title: "Lead Product Manager",
        staff_titles: &["Product Operations Manager", "Principal Product Manager"],
        titles: &[
            "Product Manager",
            "Senior Product Manager",
            "Associate Product Manager",
            "Product Analyst",
        ],
        skills: &[
            "Product discovery",
            "Roadmapping",
            "User research",
            "Prioritization",
            "Writing specs",
            "Data analysis",
            "SQL",
        ],
        groups: &[
            g("Core Product", &[], &["Roadmapping"]),
            g("Growth", &[], &["Data analysis"]),
            g(
                "Product Analytics",
                &["Product Analyst", "Senior Data Analyst", "Data Scientist"],
                &["Data analysis", "SQL", "Data visualization"],
            ),
            g("Monetization", &[], &["Prioritization"]),
            g("Self-Serve", &[], &["Product discovery"]),
            g("Partner Ecosystem", &[], &["Writing specs"]),
        ],
    },
    Department {
        name: "Sales",
        weight: 3,
        head_title: "VP of Sales",
        group_lead_title: "Head of {team}",
        squad_lead_title: "Sales Manager",
        staff_titles: &["Sales Operations Analyst", "Revenue Operations Manager"],
        titles: &[
            "Account Executive",
            "Senior Account Executive",
            "Sales Development Representative",
            "Solutions Engineer",
        ],
        skills: &[
            "Negotiation",
            "Prospecting",
            "Discovery calls",
            "Writing proposals",
            "Public speaking",
            "Account management",
        ],
        groups: &[
            g(
                "Enterprise Sales",
                &[
                    "Enterprise Account Executive",
                    "Senior Account Executive",
                    "Solutions Engineer",
                ],
                &["Negotiation"],
            ),
            g(
                "Mid-Market Sales",
                &["Account Executive", "Senior Account Executive"],
                &["Discovery calls"],
            ),
            g(
                "Sales Development",
                &[
                    "Sales Development Representative",
                    "Senior Sales Development Representative",
                ],
                &["Prospecting"],
            ),
            g(
                "Solutions Engineering",
                &["Solutions Engineer", "Senior Solutions Engineer"],
                &["Discovery calls", "System design"],
            ),
            g(
                "Partnerships",
                &["Partner Manager", "Senior Partner Manager"],
                &["Negotiation"],
            ),
            g("Public Sector Sales", &[], &["Writing proposals"]),
        ],
    },
    Department {
        name: "People",
        weight: 1,
        head_title: "Chief People Officer",
        group_lead_title: "Head of {team}",
        squad_lead_title: "People Team Lead",
        staff_titles: &["HR Business Partner", "People Operations Manager"],
        titles: &["People Operations Partner", "HR Business Partner"],
        skills: &[
            "Hiring interviews",
            "Coaching",
            "Conflict resolution",
            "Facilitation",
            "Giving feedback",
            "Process design",
        ],
        groups: &[
            g(
                "People Operations",
                &["People Operations Partner", "People Operations Specialist"],
                &["Process design"],
            ),
            g(
                "Talent Acquisition",
                &["Recruiter", "Senior Recruiter", "Recruiting Coordinator"],
                &["Hiring interviews"],
            ),
            g(
                "Learning & Development",
                &["Learning & Development Partner", "Learning Designer"],
                &["Facilitation", "Coaching"],
            ),
            g(
                "Total Rewards",
                &["Compensation Analyst", "Benefits Specialist"],
                &["Spreadsheets"],
            ),
            g(
                "Workplace",
                &["Workplace Coordinator", "Office Manager"],
                &["Vendor management"],
            ),
        ],
    },
    Department {
        name: "Customer Success",
        weight: 2,
        head_title: "VP of Customer Success",
        group_lead_title: "Head of {team}",
        squad_lead_title: "Support Team Lead",
        staff_titles: &["Customer Operations Analyst"],
        titles: &[
            "Customer Success Manager",
            "Senior Customer Success Manager",
            "Support Engineer",
            "Customer Support Specialist",
        ],
        skills: &[
            "Customer onboarding",
            "De-escalation",
            "Account management",
            "Technical writing",
            "Data analysis",
            "Negotiation",
        ],
        groups: &[
            g(
                "Support",
                &[
                    "Customer Support Specialist",
                    "Support Engineer",
                    "Senior Support Engineer",
                ],
                &["De-escalation"],
            ),
            g(
                "Onboarding",
                &["Onboarding Specialist", "Implementation Manager"],
                &["Customer onboarding", "Project management"],
            ),
            g(
                "Account Management",
                &[
                    "Customer Success Manager",
                    "Senior Customer Success Manager",
                ],
                &["Account management"],
            ),
            g(
                "Customer Education",
                &["Customer Education Specialist", "Technical Writer"],
                &["Technical writing", "Public speaking"],
            ),
            g(
                "Renewals",
                &["Renewals Manager", "Customer Success Manager"],
                &["Negotiation"],
            ),
        ],
    },
    Department {
        name: "Marketing",
        weight: 2,
        head_title: "VP of Marketing",
        group_lead_title: "Head of {team}",
        squad_lead_title: "Marketing Manager",
        staff_titles: &["Marketing Operations Manager"],
        titles: &[
            "Marketing Manager",
            "Content Marketing Manager",
            "Growth Marketer",
            "Product Marketing Manager",
        ],
        skills: &[
            "Copywriting",
            "SEO",
            "Campaign planning",
            "Data analysis",
            "Public speaking",
            "Data visualization",
        ],
        groups: &[
            g(
                "Product Marketing",
                &[
                    "Product Marketing Manager",
                    "Senior Product Marketing Manager",
                ],
                &["Public speaking"],
            ),
            g(
                "Demand Generation",
                &[
                    "Demand Generation Manager",
                    "Growth Marketer",
                    "Marketing Operations Specialist",
                ],
                &["Campaign planning", "SEO"],
            ),
            g(
                "Content",
                &["Content Marketing Manager", "Copywriter", "Editor"],
                &["Copywriting"],
            ),
            g(
                "Brand",
                &["Brand Manager", "Brand Designer"],
                &["Copywriting", "Figma"],
            ),
            g(
                "Events & Community",
                &["Event Manager", "Community Manager"],
                &["Public speaking", "Project management"],
            ),
        ],
    },
    Department {
        name: "Design",
        weight: 1,
        head_title: "Head of Design",
        group_lead_title: "Design Manager",
        squad_lead_title: "Design Lead",
        staff_titles: &["Design Operations Manager"],
        titles: &[
            "Product Designer",
            "Senior Product Designer",
            "UX Researcher",
            "Content Designer",
        ],
        skills: &[
            "Figma",
            "Interaction design",
            "Prototyping",
            "Accessibility",
            "User research",
            "Facilitation",
        ],
        groups: &[
            g(
                "Product Design",
                &["Product Designer", "Senior Product Designer"],
                &["Interaction design", "Prototyping"],
            ),
            g(
                "Design Systems",
                &[
                    "Design Systems Designer",
                    "Senior Product Designer",
                    "Design Engineer",
                ],
                &["Figma", "Accessibility"],
            ),
            g(
                "User Research",
                &["UX Researcher", "Senior UX Researcher"],
                &["User research"],
            ),
            g(
                "Content Design",
                &["Content Designer", "UX Writer"],
                &["Copywriting"],
            ),
        ],
    },
    Department {
        name: "Finance",
        weight: 1,
        head_title: "Chief Financial Officer",
        group_lead_title: "Head of {team}",
        squad_lead_title: "Finance Manager",
        staff_titles: &["Finance Business Partner"],
        titles: &[
            "Financial Analyst",
            "Senior Financial Analyst",
            "Accountant",
        ],
        skills: &[
            "Financial modelling",
            "Budgeting",
            "Spreadsheets",
            "SQL",
            "Data analysis",
            "Vendor management",
        ],
        groups: &[
            g(
                "Financial Planning & Analysis",
                &["Financial Analyst", "Senior Financial Analyst"],
                &["Financial modelling"],
            ),
            g(
                "Accounting",
                &[
                    "Accountant",
                    "Senior Accountant",
                    "Accounts Payable Specialist",
                ],
                &["Spreadsheets"],
            ),
            g(
                "Procurement",
                &["Procurement Specialist", "Procurement Manager"],
                &["Vendor management", "Negotiation"],
            ),
            g("Treasury", &["Treasury Analyst"], &["Budgeting"]),
        ],
    },
    Department {
        name: "Operations",
        weight: 1,
        head_title: "Chief Operating Officer",
        group_lead_title: "Head of {team}",
        squad_lead_title: "Operations Manager",
        staff_titles: &["Chief of Staff to the COO"],
        titles: &[
            "Operations Manager",
            "Business Operations Analyst",
            "Program Manager",
        ],
        skills: &[
            "Process design",
            "Project management",
            "Vendor management",
            "Data analysis",
            "Spreadsheets",
            "Facilitation",
        ],
        groups: &[
            g("Business Operations", &[], &["Process design"]),
            g(
                "IT",
                &[
                    "IT Support Specialist",
                    "Systems Administrator",
                    "IT Engineer",
                ],
                &["Incident response"],
            ),
            g(
                "Legal",
                &["Legal Counsel", "Paralegal", "Privacy Counsel"],
                &["Negotiation"],
            ),
            g(
                "Program Management",
                &["Program Manager", "Senior Program Manager"],
                &["Project management"],
            ),
        ],
    },
];

/// The CEO's own team when the company has departments.
pub(super) const LEADERSHIP: &str = "Leadership";
/// The only team of a company too small for departments.
pub(super) const CORE_TEAM: &str = "Core Team";
pub(super) const CEO_TITLE: &str = "Chief Executive Officer";
pub(super) const LEADERSHIP_STAFF_TITLES: &[&str] = &[
    "Chief of Staff",
    "Executive Assistant",
    "Strategy & Operations Manager",
];
pub(super) const LEADERSHIP_SKILLS: &[&str] = &[
    "Public speaking",
    "Negotiation",
    "Presenting to executives",
    "Hiring interviews",
    "Prioritization",
    "Facilitation",
    "Writing proposals",
];
pub(super) const ADMIN_TITLES: &[&str] = &[
    "People Operations Partner",
    "HR Business Partner",
    "People Operations Manager",
    "Learning & Development Partner",
];

/// Names that tell squads of one team apart once a team has split.
pub(super) const SQUAD_NAMES: &[&str] = &[
    "Aurora",
    "Beacon",
    "Cascade",
    "Comet",
    "Delta",
    "Ember",
    "Falcon",
    "Glacier",
    "Harbor",
    "Horizon",
    "Juniper",
    "Kestrel",
    "Lighthouse",
    "Meridian",
    "Nova",
    "Orbit",
    "Pioneer",
    "Quartz",
    "Summit",
    "Tidal",
    "Vertex",
    "Zephyr",
];

/// The organization's skill vocabulary; every skill named above is one of these.
pub(super) const SKILLS: &[&str] = &[
    "Rust",
    "TypeScript",
    "SQL",
    "System design",
    "Code review",
    "Incident response",
    "Kubernetes",
    "Application security",
    "Automated testing",
    "Mobile development",
    "Machine learning",
    "Data analysis",
    "Data visualization",
    "Product discovery",
    "Roadmapping",
    "User research",
    "Prioritization",
    "Writing specs",
    "Figma",
    "Interaction design",
    "Prototyping",
    "Accessibility",
    "Negotiation",
    "Prospecting",
    "Discovery calls",
    "Writing proposals",
    "Customer onboarding",
    "De-escalation",
    "Account management",
    "Copywriting",
    "SEO",
    "Campaign planning",
    "Hiring interviews",
    "Coaching",
    "Conflict resolution",
    "Financial modelling",
    "Budgeting",
    "Spreadsheets",
    "Process design",
    "Vendor management",
    "Project management",
    "Public speaking",
    "Giving feedback",
    "Facilitation",
    "Mentoring",
    "Technical writing",
    "Presenting to executives",
];

/// What leads tend to be good at, beside their craft.
pub(super) const LEAD_SKILLS: &[&str] = &[
    "Coaching",
    "Hiring interviews",
    "Giving feedback",
    "Mentoring",
    "Facilitation",
];

/// What people across the company most often want to grow in.
pub(super) const COMMON_GROWTH: &[&str] = &[
    "Public speaking",
    "Giving feedback",
    "Presenting to executives",
    "Negotiation",
    "Writing proposals",
    "Data analysis",
    "SQL",
    "Facilitation",
    "Coaching",
    "Technical writing",
    "Project management",
    "Prioritization",
    "Mentoring",
    "Conflict resolution",
];
