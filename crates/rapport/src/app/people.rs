//! People and teams: the directory, profiles (your own, or anyone's for an
//! admin), strengths and growth areas, and the organization's teams.
//! An unshared growth area leaves this module only in its owner's view.

use super::paging::{Page, PageRequest};
use super::{Actor, AppError, AppResult, Problems};
use crate::AppState;
use rapport_core::{
    Email, FreeText, InvalidValue, Name, OrgId, PersonId, Role, SkillName, TeamId, TimeZone, Title,
};
use rapport_store::{NewPerson, PeopleFilter, Person, PersonPatch, PersonSkills, SkillLists, Team};

/// A profile as someone sees it: growth areas that are not shared appear
/// only in the person's own view.
#[derive(Debug, Clone)]
pub struct Profile {
    pub person: Person,
    pub skills: PersonSkills,
}

/// The directory's filters as a person typed them.
#[derive(Debug, Clone, Default)]
pub struct DirectoryQuery {
    /// Words in a name, email or title.
    pub q: Option<String>,
    /// A team's id or name.
    pub team: Option<String>,
    /// A skill: people strong in it, or growing in it and sharing that.
    pub skill: Option<String>,
}

/// The directory of the actor's organization, by name, a page at a time.
/// A filter on a team or skill that does not exist finds nobody.
pub async fn directory(
    app: &AppState,
    actor: &Actor,
    q: DirectoryQuery,
    page: &PageRequest,
) -> AppResult<Page<Person>> {
    let Some(filter) = filter(app, actor.org(), q).await? else {
        return Ok(Page {
            items: vec![],
            next_cursor: None,
        });
    };
    Ok(app
        .store
        .list_people(actor.org(), &filter, page.limit(), page.cursor.as_ref())
        .await?)
}

/// Turns directory parameters into a filter; `None` when a filter names a
/// team that does not exist (the answer is then an empty list).
async fn filter(app: &AppState, org: OrgId, q: DirectoryQuery) -> AppResult<Option<PeopleFilter>> {
    let team = match q.team.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => {
            let teams = app.store.list_teams(org).await?;
            let found = teams
                .iter()
                .find(|x| x.id.to_string() == t || x.name.eq_ignore_ascii_case(t));
            match found {
                Some(x) => Some(x.id),
                None => return Ok(None),
            }
        }
    };
    let skill_key = match q.skill.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(SkillName::parse(s)?.key()),
        None => None,
    };
    Ok(Some(PeopleFilter {
        q: q.q,
        team,
        skill_key,
        include_inactive: false,
    }))
}

/// Colleagues to choose from in a form: the first `limit` by name, never
/// the actor, and always the person a link preselected (`chosen`).
pub async fn colleagues(
    app: &AppState,
    actor: &Actor,
    chosen: Option<PersonId>,
    limit: u32,
) -> AppResult<Vec<Person>> {
    let page = app
        .store
        .list_people(actor.org(), &PeopleFilter::default(), limit, None)
        .await?;
    let mut people: Vec<_> = page
        .items
        .into_iter()
        .filter(|p| p.id != actor.id())
        .collect();
    if let Some(id) = chosen
        && id != actor.id()
        && !people.iter().any(|p| p.id == id)
    {
        people.insert(0, app.store.person(actor.org(), id).await?);
    }
    Ok(people)
}

/// A person of the actor's organization as the actor sees them; anyone
/// else is a 404.
pub async fn profile(app: &AppState, actor: &Actor, id: PersonId) -> AppResult<Profile> {
    let person = app.store.person(actor.org(), id).await?;
    seen_by(app, actor, person).await
}

/// The actor as they see themselves.
pub async fn me(app: &AppState, actor: &Actor) -> AppResult<Profile> {
    seen_by(app, actor, actor.person.clone()).await
}

async fn seen_by(app: &AppState, actor: &Actor, person: Person) -> AppResult<Profile> {
    let own = actor.id() == person.id;
    let skills = app
        .store
        .person_skills(person.org_id, person.id, own)
        .await?;
    Ok(Profile { person, skills })
}

/// A new person as an admin typed them.
#[derive(Debug, Clone, Default)]
pub struct NewPersonDraft {
    pub name: String,
    pub email: String,
    pub title: String,
    pub role: Option<String>,
    /// A team's name; created if it does not exist.
    pub team: Option<String>,
    pub manager_id: Option<PersonId>,
    pub time_zone: Option<String>,
}

/// Adds a person to the directory (admins), recorded in the audit log.
/// Everything is checked before anything is written.
pub async fn create(app: &AppState, admin: &Actor, d: NewPersonDraft) -> AppResult<Profile> {
    admin.require_admin()?;
    let org = admin.org();
    let mut new = NewPerson::basic(Email::parse(&d.email)?, Name::parse(&d.name)?, Role::Member);
    new.title = Title::parse(&d.title)?;
    if let Some(r) = &d.role {
        new.role = Role::parse(r)?;
    }
    if let Some(tz) = &d.time_zone {
        new.time_zone = TimeZone::parse(tz)?;
    }
    new.manager_id = d.manager_id;
    let team = d
        .team
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| Name::parse_field("team", t))
        .transpose()?;
    let now = app.now();
    // A new team is created with the person, or not at all.
    let person = match &team {
        Some(team) => {
            app.store
                .create_person_in_team(org, &new, team, now)
                .await?
        }
        None => app.store.create_person(org, &new, now).await?,
    };
    app.store
        .record_audit(
            org,
            Some(admin.id()),
            "person.create",
            &person.id.to_string(),
            &person.email,
            now,
        )
        .await?;
    seen_by(app, admin, person).await
}

/// A change to a profile as typed; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ProfileEdit {
    pub name: Option<String>,
    pub title: Option<String>,
    pub time_zone: Option<String>,
    pub about: Option<String>,
    pub how_i_work: Option<String>,
    /// Admins only.
    pub role: Option<String>,
    /// Admins only: a team's id, or `Some(None)` for none.
    pub team_id: Option<Option<TeamId>>,
    /// Admins only: a person's id, or `Some(None)` for none.
    pub manager_id: Option<Option<PersonId>>,
    /// Replaces strengths and growth areas in the same change.
    pub skills: Option<SkillLists>,
}

impl ProfileEdit {
    fn touches_admin_fields(&self) -> bool {
        self.role.is_some() || self.team_id.is_some() || self.manager_id.is_some()
    }

    /// Every problem of the edit at once (a page shows them all).
    pub fn parse(self) -> Result<PersonPatch, Vec<InvalidValue>> {
        let mut p = Problems::default();
        let patch = PersonPatch {
            name: p
                .check(self.name.as_deref().map(Name::parse).transpose())
                .flatten(),
            title: p
                .check(self.title.as_deref().map(Title::parse).transpose())
                .flatten(),
            time_zone: p
                .check(self.time_zone.as_deref().map(TimeZone::parse).transpose())
                .flatten(),
            about: p
                .check(
                    self.about
                        .as_deref()
                        .map(|t| FreeText::parse("about", t, 1000))
                        .transpose(),
                )
                .flatten(),
            how_i_work: p
                .check(
                    self.how_i_work
                        .as_deref()
                        .map(|t| FreeText::parse("how_i_work", t, 1000))
                        .transpose(),
                )
                .flatten(),
            role: p
                .check(self.role.as_deref().map(Role::parse).transpose())
                .flatten(),
            team_id: self.team_id,
            team_named: None,
            manager_id: self.manager_id,
            skills: self.skills,
        };
        if p.0.is_empty() { Ok(patch) } else { Err(p.0) }
    }
}

/// Edits a profile: your own, or anyone's for an admin. Role, team and
/// manager are set by admins; an admin's edit of someone else is audited.
pub async fn update(
    app: &AppState,
    actor: &Actor,
    id: PersonId,
    edit: ProfileEdit,
) -> AppResult<Profile> {
    let org = actor.org();
    // Existence first: another organization's person is a 404, not a 403.
    app.store.person(org, id).await?;
    if id != actor.id() && !actor.is_admin() {
        return Err(AppError::Forbidden("you can edit your own profile only"));
    }
    if edit.touches_admin_fields() && !actor.is_admin() {
        return Err(AppError::Forbidden(
            "only an admin can change a role, team or manager",
        ));
    }
    let patch = edit
        .parse()
        .map_err(|mut e| AppError::Invalid(e.remove(0)))?;
    let now = app.now();
    let person = app.store.update_person(org, id, &patch, now).await?;
    if id != actor.id() {
        app.store
            .record_audit(
                org,
                Some(actor.id()),
                "person.update",
                &id.to_string(),
                "",
                now,
            )
            .await?;
    }
    seen_by(app, actor, person).await
}

/// Parses skill names, dropping repeats; a skill cannot be both a strength
/// and a growth area.
pub fn parse_skills<'a>(
    strengths: impl Iterator<Item = &'a str>,
    growth: impl Iterator<Item = (&'a str, bool)>,
) -> Result<SkillLists, InvalidValue> {
    let mut s: Vec<SkillName> = Vec::new();
    for name in strengths.filter(|n| !n.trim().is_empty()) {
        let skill = SkillName::parse(name)?;
        if !s.iter().any(|x| x.key() == skill.key()) {
            s.push(skill);
        }
    }
    let mut g: Vec<(SkillName, bool)> = Vec::new();
    for (name, shared) in growth.filter(|(n, _)| !n.trim().is_empty()) {
        let skill = SkillName::parse(name)?;
        if s.iter().any(|x| x.key() == skill.key()) {
            return Err(InvalidValue::new(
                "growth_areas",
                format!("`{skill}` is already one of your strengths"),
            ));
        }
        if !g.iter().any(|(x, _)| x.key() == skill.key()) {
            g.push((skill, shared));
        }
    }
    if s.len() > 20 || g.len() > 20 {
        return Err(InvalidValue::new(
            "skills",
            "list at most 20 strengths and 20 growth areas",
        ));
    }
    Ok((s, g))
}

/// Replaces what I can help with and what I want to grow in.
pub async fn set_my_skills(
    app: &AppState,
    actor: &Actor,
    skills: SkillLists,
) -> AppResult<PersonSkills> {
    let (strengths, growth) = skills;
    Ok(app
        .store
        .set_person_skills(actor.org(), actor.id(), &strengths, &growth)
        .await?)
}

/// The organization's skill vocabulary.
pub async fn skills(app: &AppState, actor: &Actor) -> AppResult<Vec<String>> {
    Ok(app.store.list_skills(actor.org()).await?)
}

/// Every team of the actor's organization, by name.
pub async fn teams(app: &AppState, actor: &Actor) -> AppResult<Vec<Team>> {
    Ok(app.store.list_teams(actor.org()).await?)
}

/// Creates a team with its leads (admins), audited.
pub async fn create_team(
    app: &AppState,
    admin: &Actor,
    name: &str,
    parent: Option<TeamId>,
    leads: &[PersonId],
) -> AppResult<Team> {
    admin.require_admin()?;
    let org = admin.org();
    let name = Name::parse_field("name", name)?;
    let now = app.now();
    for lead in leads {
        app.store.person(org, *lead).await?;
    }
    let team = app.store.create_team(org, &name, parent, now).await?;
    for lead in leads {
        app.store.add_team_lead(org, team.id, *lead).await?;
    }
    app.store
        .record_audit(
            org,
            Some(admin.id()),
            "team.create",
            &team.id.to_string(),
            &team.name,
            now,
        )
        .await?;
    Ok(app.store.team(org, team.id).await?)
}

/// Up to `max` people who cannot sign in yet (admins), and whether there
/// are more: whom to invite next.
pub async fn waiting_to_join(
    app: &AppState,
    admin: &Actor,
    max: usize,
) -> AppResult<(Vec<Person>, bool)> {
    admin.require_admin()?;
    let mut waiting = Vec::new();
    let mut cursor = None;
    loop {
        let page = app
            .store
            .list_people(admin.org(), &PeopleFilter::default(), 500, cursor.as_ref())
            .await?;
        waiting.extend(page.items.into_iter().filter(|p| !p.can_sign_in));
        if waiting.len() >= max {
            waiting.truncate(max);
            return Ok((waiting, true));
        }
        match page
            .next_cursor
            .as_deref()
            .and_then(rapport_store::Cursor::decode)
        {
            Some(c) => cursor = Some(c),
            None => return Ok((waiting, false)),
        }
    }
}
