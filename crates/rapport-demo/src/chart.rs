//! The demo company's org chart: which teams exist, how they nest, where
//! they sit and how many people each one has.
//!
//! A company of `n` people has about `n / 10` teams: the CEO's Leadership
//! team, a few departments (root teams headed by a VP), their sub-teams and,
//! once a department outgrows its list of team names, squads under those
//! sub-teams. Parents always come before their children.

use super::chart_words::*;
use super::profile_words::OFFICES;
use super::{DemoRng, weighted_index};
use rand::Rng;

/// What a team is; it decides the lead's title and the members' work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    /// The CEO's team; the only team of a company too small for departments.
    Leadership,
    /// A department team: its head and a few staff.
    Department(usize),
    /// A sub-team of department `dept`, named after `groups[group]`.
    Group { dept: usize, group: usize },
    /// A squad split off a sub-team once a department has many.
    Squad { dept: usize, group: usize },
}

pub(super) struct PlannedTeam {
    pub name: String,
    pub parent: Option<usize>,
    pub unit: Unit,
    /// The time zone of the office the team sits in.
    pub office: &'static str,
    /// People besides the lead.
    pub members: usize,
    /// How many of the members are admins: the first ones.
    pub admins: usize,
    pub has_sub_teams: bool,
}

/// How many teams a company of `people` has: about one per ten people, and
/// at least one as soon as there is anyone.
pub fn team_count(people: usize) -> usize {
    if people == 0 {
        0
    } else {
        ((people + 5) / 10).max(1)
    }
}

/// Plans the teams of a company of `people`, one lead each and the rest
/// spread over them.
pub(super) fn plan(rng: &mut DemoRng, people: usize) -> Vec<PlannedTeam> {
    let total = team_count(people);
    if total == 0 {
        return Vec::new();
    }
    let mut teams = vec![PlannedTeam {
        name: if total == 1 { CORE_TEAM } else { LEADERSHIP }.to_string(),
        parent: None,
        unit: Unit::Leadership,
        office: OFFICES[0].0,
        members: 0,
        admins: 0,
        has_sub_teams: false,
    }];
    if total > 1 {
        add_departments(rng, &mut teams, total);
    }
    for i in 0..teams.len() {
        if let Some(parent) = teams[i].parent {
            teams[parent].has_sub_teams = true;
        }
    }
    let members = people - teams.len();
    spread_members(rng, &mut teams, members);
    let admins = admin_target(people).min(members);
    place_admins(&mut teams, admins);
    teams
}

/// One admin in a small company, two in a mid-sized one, one per thousand
/// people beyond that.
fn admin_target(people: usize) -> usize {
    if people < 30 {
        1
    } else {
        (people / 1_000).max(2)
    }
}

/// Makes `admins` members admins: People Operations first, then the rest of
/// the People department, then the CEO's team. Where those teams are too
/// small, members move over from the largest teams, so the head count stays
/// exact.
fn place_admins(teams: &mut [PlannedTeam], admins: usize) {
    let rank = |unit: Unit| match unit {
        Unit::Department(dept) if dept == PEOPLE_DEPARTMENT => Some(0),
        Unit::Group { dept, group } | Unit::Squad { dept, group } if dept == PEOPLE_DEPARTMENT => {
            Some(if group == 0 { 0 } else { 1 })
        }
        Unit::Leadership => Some(2),
        _ => None,
    };
    let mut homes: Vec<(usize, usize)> = teams
        .iter()
        .enumerate()
        .filter_map(|(i, t)| rank(t.unit).map(|r| (r, i)))
        .collect();
    homes.sort_unstable();
    let mut left = admins;
    for &(_, i) in &homes {
        let here = left.min(teams[i].members);
        teams[i].admins = here;
        left -= here;
    }
    // The first home is the People department, or the CEO's team without one.
    let home = homes.first().map_or(0, |&(_, i)| i);
    while left > 0 {
        let Some(donor) = (0..teams.len())
            .filter(|&i| teams[i].members > teams[i].admins)
            .max_by_key(|&i| (teams[i].members - teams[i].admins, usize::MAX - i))
        else {
            break;
        };
        teams[donor].members -= 1;
        teams[home].members += 1;
        teams[home].admins += 1;
        left -= 1;
    }
}

/// Adds the departments, their sub-teams and squads until there are `total` teams.
fn add_departments(rng: &mut DemoRng, teams: &mut Vec<PlannedTeam>, total: usize) {
    let departments = ((total + 3) / 3).min(DEPARTMENTS.len()).min(total - 1);
    let sub_teams = split_by_weight(total - 1 - departments, departments);
    let first_department = teams.len();
    for (d, department) in DEPARTMENTS.iter().enumerate().take(departments) {
        teams.push(PlannedTeam {
            name: department.name.to_string(),
            parent: None,
            unit: Unit::Department(d),
            office: office(rng, None),
            members: 0,
            admins: 0,
            has_sub_teams: false,
        });
    }
    // All groups before any squad, so every parent precedes its children.
    let mut groups_of = vec![Vec::new(); departments];
    for (d, &count) in sub_teams.iter().enumerate() {
        let parent = first_department + d;
        for (group, g) in DEPARTMENTS[d].groups.iter().enumerate().take(count) {
            groups_of[d].push(teams.len());
            let office = office(rng, Some(teams[parent].office));
            teams.push(PlannedTeam {
                name: g.name.to_string(),
                parent: Some(parent),
                unit: Unit::Group { dept: d, group },
                office,
                members: 0,
                admins: 0,
                has_sub_teams: false,
            });
        }
    }
    for (d, &count) in sub_teams.iter().enumerate() {
        let groups = &groups_of[d];
        if groups.is_empty() {
            continue;
        }
        for j in 0..count.saturating_sub(groups.len()) {
            let (group, round) = (j % groups.len(), j / groups.len());
            let parent = groups[group];
            let office = office(rng, Some(teams[parent].office));
            teams.push(PlannedTeam {
                name: squad_name(DEPARTMENTS[d].groups[group].name, round),
                parent: Some(parent),
                unit: Unit::Squad { dept: d, group },
                office,
                members: 0,
                admins: 0,
                has_sub_teams: false,
            });
        }
    }
}

/// `Payments Aurora`, …, `Payments Zephyr`, then `Payments Aurora 2`, …
fn squad_name(group: &str, round: usize) -> String {
    let code = SQUAD_NAMES[round % SQUAD_NAMES.len()];
    match round / SQUAD_NAMES.len() {
        0 => format!("{group} {code}"),
        lap => format!("{group} {code} {}", lap + 1),
    }
}

/// Sub-teams per department in proportion to the departments' weights,
/// dealt one at a time (smooth weighted round robin) so small totals are fair.
fn split_by_weight(sub_teams: usize, departments: usize) -> Vec<usize> {
    let weights: Vec<i64> = DEPARTMENTS[..departments]
        .iter()
        .map(|d| d.weight as i64)
        .collect();
    let total: i64 = weights.iter().sum();
    let mut current = vec![0i64; departments];
    let mut counts = vec![0usize; departments];
    for _ in 0..sub_teams {
        let mut best = 0;
        for d in 0..departments {
            current[d] += weights[d];
            if current[d] > current[best] {
                best = d;
            }
        }
        current[best] -= total;
        counts[best] += 1;
    }
    counts
}

/// A sub-team usually sits with its parent; otherwise in any office.
fn office(rng: &mut DemoRng, parent: Option<&'static str>) -> &'static str {
    match parent {
        Some(office) if rng.gen_bool(0.5) => office,
        _ => OFFICES[weighted_index(rng, OFFICES, |&(_, w)| w)].0,
    }
}

/// Spreads `members` over the teams: most to teams without sub-teams, a
/// few staff to department teams, one or two to the CEO's team; team sizes
/// vary a little. Largest remainder, so the total is exact.
fn spread_members(rng: &mut DemoRng, teams: &mut [PlannedTeam], members: usize) {
    let only_team = teams.len() == 1;
    let weights: Vec<u64> = teams
        .iter()
        .map(|team| match team.unit {
            Unit::Leadership if !only_team => 1,
            _ if team.has_sub_teams => 2,
            _ => rng.gen_range(7u64..=13),
        })
        .collect();
    let total: u64 = weights.iter().sum();
    let mut given = 0usize;
    let mut remainders = Vec::with_capacity(teams.len());
    for (i, (team, &w)) in teams.iter_mut().zip(&weights).enumerate() {
        let share = members as u64 * w;
        let whole = (share / total) as usize;
        team.members += whole;
        given += whole;
        remainders.push((share % total, i));
    }
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take(members - given) {
        teams[i].members += 1;
    }
}
