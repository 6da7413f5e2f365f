//! Demo people: who fills each seat of the chart, with a name, a unique
//! email address, a title that fits the team, a time zone and a profile.

use super::chart::{PlannedTeam, Unit};
use super::chart_words::*;
use super::names::{CULTURES, push_email_part};
use super::profile::{self, SkillSource};
use super::profile_words::REMOTE_TIME_ZONES;
use super::{DemoPerson, DemoRng, ORG_DOMAIN, below, pick, weighted_index};
use rand::Rng;
use rapport_core::Role;
use std::collections::HashMap;

/// Share of people who work from their team's office rather than remotely.
const IN_OFFICE: f64 = 0.8;
/// Share of people whose last name comes from another culture than their first.
const MIXED_NAMES: f64 = 0.06;

/// A place in the chart before anyone sits in it.
pub(super) struct Seat {
    pub role: Role,
    pub title: String,
    pub skills: SkillSource,
}

/// The seat of a team's lead: the CEO, a department head or a team lead.
pub(super) fn lead_seat(team: &PlannedTeam) -> Seat {
    let (title, focus, pool) = match team.unit {
        Unit::Leadership => (CEO_TITLE.to_string(), &[][..], LEADERSHIP_SKILLS),
        Unit::Department(d) => {
            let dept = &DEPARTMENTS[d];
            (dept.head_title.to_string(), &[][..], dept.skills)
        }
        Unit::Group { dept, group } => {
            let (dept, group) = (&DEPARTMENTS[dept], &DEPARTMENTS[dept].groups[group]);
            let title = dept.group_lead_title.replace("{team}", group.name);
            (title, group.focus, dept.skills)
        }
        Unit::Squad { dept, group } => {
            let (dept, group) = (&DEPARTMENTS[dept], &DEPARTMENTS[dept].groups[group]);
            (dept.squad_lead_title.to_string(), group.focus, dept.skills)
        }
    };
    Seat {
        role: Role::Lead,
        title,
        skills: SkillSource {
            focus,
            pool,
            leads: true,
        },
    }
}

/// The seat of the `member`-th member of a team; in a company with a single
/// team, people do the work of any department.
pub(super) fn member_seat(
    rng: &mut DemoRng,
    team: &PlannedTeam,
    member: usize,
    only_team: bool,
) -> Seat {
    let (titles, focus, pool) = match team.unit {
        // The admin already looks after people matters in a company this small.
        Unit::Leadership if only_team => {
            let people = DEPARTMENTS[PEOPLE_DEPARTMENT].name;
            let dept = weighted_index(rng, DEPARTMENTS, |d| {
                if d.name == people { 0 } else { d.weight }
            });
            any_group(rng, dept)
        }
        Unit::Leadership => (LEADERSHIP_STAFF_TITLES, &[][..], LEADERSHIP_SKILLS),
        Unit::Department(d) if team.has_sub_teams => {
            (DEPARTMENTS[d].staff_titles, &[][..], DEPARTMENTS[d].skills)
        }
        // A department that has not split yet does the work of all its teams.
        Unit::Department(d) => any_group(rng, d),
        Unit::Group { dept, group } | Unit::Squad { dept, group } => work_of(dept, group),
    };
    // Staff of the CEO's and the department teams are few and each has their
    // own job (a Chief of Staff, then an Executive Assistant, …).
    let title = match team.unit {
        Unit::Leadership if !only_team => titles[member % titles.len()],
        Unit::Department(_) if team.has_sub_teams => titles[member % titles.len()],
        _ => pick(rng, titles),
    };
    Seat {
        role: Role::Member,
        title: title.to_string(),
        skills: SkillSource {
            focus,
            pool,
            leads: false,
        },
    }
}

type Work = (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

/// The titles, focus skills and skill pool of group `group` of department `dept`.
fn work_of(dept: usize, group: usize) -> Work {
    let (dept, group) = (&DEPARTMENTS[dept], &DEPARTMENTS[dept].groups[group]);
    let titles = if group.titles.is_empty() {
        dept.titles
    } else {
        group.titles
    };
    (titles, group.focus, dept.skills)
}

/// The work of any group of department `dept`, the most typical most often:
/// the smaller of two draws favours the head of the list.
fn any_group(rng: &mut DemoRng, dept: usize) -> Work {
    let groups = DEPARTMENTS[dept].groups.len();
    let group = below(rng, groups).min(below(rng, groups));
    work_of(dept, group)
}

/// The seat of an admin: People Operations.
pub(super) fn admin_seat(rng: &mut DemoRng) -> Seat {
    Seat {
        role: Role::Admin,
        title: pick(rng, ADMIN_TITLES).to_string(),
        skills: SkillSource {
            focus: &[],
            pool: DEPARTMENTS[PEOPLE_DEPARTMENT].skills,
            leads: false,
        },
    }
}

/// Hands out `first.last@domain`, adding a number from the second
/// `first.last` on. Only looked up, never iterated, so a hash map keeps the
/// result deterministic.
#[derive(Default)]
pub(super) struct Emails {
    taken: HashMap<String, u32>,
}

impl Emails {
    pub fn issue(&mut self, first: &str, last: &str) -> String {
        let mut local = String::with_capacity(first.len() + last.len() + 1);
        push_email_part(&mut local, first);
        local.push('.');
        push_email_part(&mut local, last);
        // Parts are letters only, so `ana.silva2` can never be someone's
        // plain `first.last`.
        if let Some(count) = self.taken.get_mut(local.as_str()) {
            *count += 1;
            return format!("{local}{count}@{ORG_DOMAIN}");
        }
        let email = format!("{local}@{ORG_DOMAIN}");
        self.taken.insert(local, 1);
        email
    }
}

/// Someone to sit in `seat`, in team `team` with office time zone `office`.
pub(super) fn person(
    rng: &mut DemoRng,
    emails: &mut Emails,
    seat: Seat,
    team: usize,
    office: &'static str,
    manager: Option<usize>,
) -> DemoPerson {
    let (first, last) = name(rng);
    let strengths = profile::strengths(rng, &seat.skills);
    let growth_areas = profile::growth_areas(rng, seat.skills.pool, &strengths);
    let time_zone = if rng.gen_bool(IN_OFFICE) {
        office
    } else {
        pick(rng, REMOTE_TIME_ZONES)
    };
    DemoPerson {
        name: format!("{first} {last}"),
        email: emails.issue(first, last),
        title: seat.title,
        team,
        manager,
        role: seat.role,
        time_zone,
        about: profile::about(rng),
        how_i_work: profile::how_i_work(rng),
        strengths: strengths.into_iter().map(String::from).collect(),
        growth_areas,
    }
}

/// A first and a last name, usually from the same culture.
fn name(rng: &mut DemoRng) -> (&'static str, &'static str) {
    let culture = &CULTURES[weighted_index(rng, CULTURES, |c| c.weight)];
    let first = pick(rng, culture.first);
    let family = if rng.gen_bool(MIXED_NAMES) {
        &CULTURES[weighted_index(rng, CULTURES, |c| c.weight)]
    } else {
        culture
    };
    (first, pick(rng, family.last))
}
