//! The demo organization: a believable company, generated from a seed, that
//! `rapport demo` stores so the app can be explored with real-looking data.
//! Pure like `rapport-core`, but its own crate: it decides nothing, and its
//! word lists would otherwise be a large share of the core.
//!
//! [`generate`] returns plain data: teams that point at their parent and
//! leads, people that point at their team and manager, by index. The shell
//! parses every string into its domain value when it stores them.
//!
//! The same seed and size give the same company on every run and platform:
//! the generator is ChaCha8, every range is sampled as `u32` or `u64` (rand
//! samples `usize` differently on 32- and 64-bit targets), and no hash map is
//! ever iterated.
//!
//! The chart: a CEO leads the Leadership team; department heads report to
//! the CEO; each team's lead reports to the lead of the team above; members
//! report to their team's lead. So every manager comes before the people
//! who report to them, and every chain ends at the CEO.

mod chart;
mod chart_words;
pub mod history;
mod history_words;
mod names;
mod people;
mod profile;
mod profile_words;
#[cfg(test)]
mod tests;

pub use chart::team_count;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapport_core::Role;

pub const ORG_NAME: &str = "Northwind Labs";
pub const ORG_SLUG: &str = "northwind";
/// A reserved top-level domain, so no demo email can reach anyone.
pub const ORG_DOMAIN: &str = "northwind.example";
pub const DEFAULT_PEOPLE: usize = 120;
pub const DEFAULT_SEED: u64 = 42;

/// A generated company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOrg {
    pub name: String,
    pub slug: String,
    /// The domain of every email address.
    pub domain: String,
    /// Parents before children: `teams[i].parent < i`.
    pub teams: Vec<DemoTeam>,
    /// Managers before their reports: `people[i].manager < i`; `people[0]` is the CEO.
    pub people: Vec<DemoPerson>,
    /// The organization's skill vocabulary; every strength and growth area is one of these.
    pub skills: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoTeam {
    pub name: String,
    /// Index into [`DemoOrg::teams`]; `None` for the CEO's team and the departments.
    pub parent: Option<usize>,
    /// Indexes into [`DemoOrg::people`]; one lead per team.
    pub leads: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPerson {
    pub name: String,
    /// `first.last@northwind.example`, lower-case ASCII, unique.
    pub email: String,
    pub title: String,
    /// Index into [`DemoOrg::teams`].
    pub team: usize,
    /// Index into [`DemoOrg::people`]; `None` only for the CEO.
    pub manager: Option<usize>,
    pub role: Role,
    /// An IANA time zone.
    pub time_zone: &'static str,
    /// "Get to know me": interests outside work.
    pub about: String,
    pub how_i_work: String,
    pub strengths: Vec<String>,
    /// Each with whether it is shared for matching.
    pub growth_areas: Vec<(String, bool)>,
}

impl DemoOrg {
    /// The account the demo suggests signing in as for `role`: the first
    /// admin; for a lead, the one whose team is largest, so that its
    /// figures reach the minimum group size and the lead sees them; for a
    /// member, the first member of that lead's team (a typical colleague
    /// rather than the chief of staff), falling back to the first member.
    pub fn featured(&self, role: Role) -> Option<usize> {
        let first = |role: Role| self.people.iter().position(|p| p.role == role);
        let size = |team: usize| self.people.iter().filter(|p| p.team == team).count();
        let lead = || {
            self.teams
                .iter()
                .enumerate()
                .flat_map(|(t, team)| team.leads.iter().map(move |&l| (t, l)))
                .filter(|&(_, l)| self.people[l].role == Role::Lead)
                // The largest team; among equals, the first lead.
                .max_by_key(|&(t, l)| (size(t), std::cmp::Reverse(l)))
        };
        match role {
            Role::Admin => first(Role::Admin),
            Role::Lead => lead().map(|(_, l)| l),
            Role::Member => lead()
                .and_then(|(t, _)| {
                    self.people
                        .iter()
                        .position(|p| p.team == t && p.role == Role::Member)
                })
                .or_else(|| first(Role::Member)),
        }
    }
}

/// Generates a company of exactly `people` people (none for 0) from `seed`.
pub fn generate(seed: u64, people: usize) -> DemoOrg {
    let mut rng = DemoRng::seed_from_u64(seed);
    let chart = chart::plan(&mut rng, people);
    let only_team = chart.len() == 1;
    let mut emails = people::Emails::default();
    let mut persons = Vec::with_capacity(people);
    let mut teams: Vec<DemoTeam> = Vec::with_capacity(chart.len());
    for (index, team) in chart.iter().enumerate() {
        let lead = persons.len();
        let lead_manager = match team.parent {
            Some(parent) => Some(teams[parent].leads[0]),
            None if index == 0 => None,
            // Departments are root teams; their heads report to the CEO.
            None => Some(0),
        };
        let seat = people::lead_seat(team);
        let office = team.office;
        persons.push(people::person(
            &mut rng,
            &mut emails,
            seat,
            index,
            office,
            lead_manager,
        ));
        for member in 0..team.members {
            let seat = if member < team.admins {
                people::admin_seat(&mut rng)
            } else {
                people::member_seat(&mut rng, team, member, only_team)
            };
            persons.push(people::person(
                &mut rng,
                &mut emails,
                seat,
                index,
                office,
                Some(lead),
            ));
        }
        teams.push(DemoTeam {
            name: team.name.clone(),
            parent: team.parent,
            leads: vec![lead],
        });
    }
    // A company of one still needs someone who can administer it.
    if let [ceo] = persons.as_mut_slice() {
        ceo.role = Role::Admin;
    }
    DemoOrg {
        name: ORG_NAME.to_string(),
        slug: ORG_SLUG.to_string(),
        domain: ORG_DOMAIN.to_string(),
        teams,
        people: persons,
        skills: chart_words::SKILLS.iter().map(|s| s.to_string()).collect(),
    }
}

type DemoRng = ChaCha8Rng;

/// A random index below `n`, sampled as `u64` so every platform agrees.
/// Callers pass the length of a non-empty list.
fn below(rng: &mut DemoRng, n: usize) -> usize {
    rng.gen_range(0..n as u64) as usize
}

/// A random item of a word list. Word lists are non-empty constants (a test
/// checks every one), so the range is never empty.
fn pick<T: Copy>(rng: &mut DemoRng, items: &[T]) -> T {
    items[below(rng, items.len())]
}

/// The index of a random item, each as likely as its weight. Weighted lists
/// are non-empty constants with positive weights (a test checks).
fn weighted_index<T>(rng: &mut DemoRng, items: &[T], weight: impl Fn(&T) -> u64) -> usize {
    let total: u64 = items.iter().map(&weight).sum();
    let mut roll = rng.gen_range(0..total);
    for (i, item) in items.iter().enumerate() {
        let w = weight(item);
        if roll < w {
            return i;
        }
        roll -= w;
    }
    items.len() - 1
}
