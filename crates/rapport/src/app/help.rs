//! "Can you help me?": ask a person, a team or everyone; suggested helpers
//! (colleagues strong where the asker wants help); offers; accept one;
//! resolve with "this helped" or "not really"; close without a verdict;
//! ask a suggested helper directly. Who sees what and who may do
//! what is `rapport_core::help`'s to decide.

use super::notices;
use super::paging::{Page, PageRequest};
use super::{Actor, AppError, AppResult, PersonRef};
use crate::AppState;
use chrono::{DateTime, Utc};
use rapport_core::events::Payload;
use rapport_core::help::{self, Action, Audience, Refusal, Side, Status};
use rapport_core::matching::{Candidate, suggest_helpers};
use rapport_core::trust::Time;
use rapport_core::{FreeText, HelpRequestId, InvalidValue, OfferId, PersonId, SkillName, TeamId};
use rapport_store::{HelpRequest, NewEvent, NewHelpRequest, Trail};

/// An offer of help, as those who see the request see it.
#[derive(Debug, Clone)]
pub struct OfferView {
    pub id: OfferId,
    pub helper: PersonRef,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// A request for help, as someone who may see it sees it.
#[derive(Debug, Clone)]
pub struct HelpView {
    pub id: HelpRequestId,
    pub asker: PersonRef,
    pub skill: String,
    pub text: String,
    pub audience: Audience,
    pub status: Status,
    pub accepted_offer: Option<OfferId>,
    /// The helper whose offer was accepted.
    pub helper: Option<PersonId>,
    pub helped: Option<bool>,
    pub created_at: DateTime<Utc>,
    pub offers: Vec<OfferView>,
    /// Colleagues the asker asked directly.
    pub asked: Vec<PersonId>,
    pub offer_count: i64,
    /// The viewer asked for it.
    pub mine: bool,
}

impl HelpView {
    /// Closed by the asker without saying whether it helped.
    pub fn closed(&self) -> bool {
        self.status == Status::Resolved && self.helped.is_none()
    }
}

impl HelpView {
    /// A request as `viewer` sees it (the caller checked they may).
    pub fn seen_by(h: HelpRequest, viewer: PersonId) -> Self {
        Self::new(h, viewer)
    }

    fn new(h: HelpRequest, viewer: PersonId) -> Self {
        HelpView {
            helper: h.accepted_helper(),
            mine: h.asker_id == viewer,
            id: h.id,
            asker: PersonRef {
                id: h.asker_id,
                name: h.asker_name,
            },
            skill: h.skill,
            text: h.text,
            audience: h.audience,
            status: h.status,
            accepted_offer: h.accepted_offer,
            helped: h.helped,
            created_at: h.created_at,
            asked: h.asked,
            offer_count: h.offer_count,
            offers: h
                .offers
                .into_iter()
                .map(|o| OfferView {
                    id: o.id,
                    helper: PersonRef {
                        id: o.helper_id,
                        name: o.helper_name,
                    },
                    text: o.text,
                    created_at: o.created_at,
                })
                .collect(),
        }
    }
}

/// A new request as a person typed it.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub skill: String,
    pub text: String,
    /// person, team or org.
    pub audience: String,
    /// The person (audience person) or team (audience team) asked, by id.
    pub to: Option<String>,
}

/// A new request, every value parsed.
#[derive(Debug, Clone)]
pub struct NewCommand {
    pub skill: SkillName,
    pub text: FreeText,
    pub audience: Audience,
}

impl Draft {
    /// Parses what the asker typed; a team request without a team goes to
    /// the asker's own team.
    pub fn parse(self, actor: &Actor) -> Result<NewCommand, InvalidValue> {
        let skill = SkillName::parse(&self.skill)?;
        let text = FreeText::parse_required("text", &self.text, 4000)?;
        let to = self.to.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let audience = match (self.audience.trim(), to) {
            ("person", Some(t)) => {
                let id = PersonId::parse(t)
                    .ok_or_else(|| InvalidValue::new("to", "must be a person's id"))?;
                if id == actor.id() {
                    return Err(InvalidValue::new("to", "ask someone other than yourself"));
                }
                Audience::Person(id)
            }
            ("team", to) => Audience::Team(match to {
                Some(t) => TeamId::parse(t)
                    .ok_or_else(|| InvalidValue::new("to", "must be a team's id"))?,
                None => actor
                    .person
                    .team_id
                    .ok_or_else(|| InvalidValue::new("to", "name a team: you are not in one"))?,
            }),
            ("org", None) => Audience::Org,
            ("person", None) => {
                return Err(InvalidValue::new("to", "name the person you are asking"));
            }
            ("org", Some(_)) => {
                return Err(InvalidValue::new("to", "leave it out when asking everyone"));
            }
            _ => return Err(InvalidValue::new("audience", "must be person, team or org")),
        };
        Ok(NewCommand {
            skill,
            text,
            audience,
        })
    }
}

/// Asks for help: a sign of trust in others.
#[tracing::instrument(skip_all)]
pub async fn create(app: &AppState, actor: &Actor, cmd: NewCommand) -> AppResult<HelpView> {
    let new = NewHelpRequest {
        id: HelpRequestId::new(),
        asker: actor.id(),
        skill: cmd.skill,
        text: cmd.text.into_string(),
        audience: cmd.audience,
    };
    let notice = notices::help_asked(&actor.person.name, new.skill.as_str(), new.id).message();
    let h = app
        .store
        .create_help_request(actor.org(), &new, &notice, app.now())
        .await?;
    Ok(HelpView::new(h, actor.id()))
}

/// A request the actor may see, and their side of it; anyone else: 404.
async fn load(app: &AppState, actor: &Actor, id: HelpRequestId) -> AppResult<(HelpRequest, Side)> {
    let h = app.store.help_request(actor.org(), id).await?;
    if !help::can_see_asked(
        h.asker_id,
        h.audience,
        &h.asked,
        actor.id(),
        actor.person.team_id,
    ) {
        return Err(AppError::NotFound);
    }
    let side = if h.asker_id == actor.id() {
        Side::Asker
    } else {
        Side::Colleague
    };
    Ok((h, side))
}

fn refused(r: Refusal) -> AppError {
    match r {
        Refusal::WrongPerson(why) => AppError::Forbidden(why),
        Refusal::WrongState(why) => AppError::conflict("wrong_state", why),
    }
}

/// One request, for the asker and those it is addressed to.
pub async fn get(app: &AppState, actor: &Actor, id: HelpRequestId) -> AppResult<HelpView> {
    Ok(HelpView::new(load(app, actor, id).await?.0, actor.id()))
}

/// Which requests the board shows.
#[derive(Debug, Clone, Default)]
pub struct Board {
    /// Only this skill (by name; an unknown one matches nothing).
    pub skill: Option<String>,
    /// Only skills I list as a strength.
    pub my_strengths: bool,
    /// Only requests still open to offers.
    pub open_only: bool,
}

/// Requests I asked, and open requests addressed to me, my team or
/// everyone (or to me directly), newest first, narrowed by `board`.
pub async fn list(
    app: &AppState,
    actor: &Actor,
    board: &Board,
    page: &PageRequest,
) -> AppResult<Page<HelpView>> {
    let me = &actor.person;
    let skill_key = match board.skill.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) => Some(
            SkillName::parse(name)
                .map_err(|_| InvalidValue::new("skill", "must be a skill's name"))?
                .key(),
        ),
    };
    let filter = rapport_store::HelpFilter {
        skill_key,
        my_strengths: board.my_strengths,
        open_only: board.open_only,
    };
    let found = app
        .store
        .list_help_requests(
            me.org_id,
            me.id,
            me.team_id,
            &filter,
            page.limit(),
            page.time_cursor()?,
        )
        .await?;
    Ok(found.map(|h| HelpView::new(h, me.id)))
}

/// Open requests the actor could answer: asked of them, their team or
/// everyone, by someone else, not yet offered help by them.
pub async fn for_me(app: &AppState, actor: &Actor, limit: u32) -> AppResult<Vec<HelpView>> {
    let me = &actor.person;
    Ok(app
        .store
        .help_requests_for(me.org_id, me.id, me.team_id, limit)
        .await?
        .into_iter()
        .map(|h| HelpView::new(h, me.id))
        .collect())
}

/// A colleague suggested as a helper, with why.
#[derive(Debug, Clone)]
pub struct SuggestedHelper {
    pub person: PersonRef,
    pub reasons: Vec<String>,
}

/// Colleagues strong where the asker wants help, best match first (the
/// asker only).
pub async fn suggested_helpers(
    app: &AppState,
    actor: &Actor,
    id: HelpRequestId,
) -> AppResult<Vec<SuggestedHelper>> {
    let (h, side) = load(app, actor, id).await?;
    if side != Side::Asker {
        return Err(AppError::Forbidden(
            "only the person asking sees suggested helpers",
        ));
    }
    suggestions(app, actor, &SkillName::parse(&h.skill)?.key(), 5).await
}

/// Ranks colleagues for a skill with the pure matcher.
pub async fn suggestions(
    app: &AppState,
    actor: &Actor,
    skill_key: &str,
    limit: usize,
) -> AppResult<Vec<SuggestedHelper>> {
    let me = &actor.person;
    let now = app.now();
    let mine = app.store.person_skills(me.org_id, me.id, true).await?;
    let my_strengths = mine.strengths.iter().map(|s| s.to_lowercase()).collect();
    let people = app.store.people_strong_in(me.org_id, skill_key).await?;
    let load = app
        .store
        .recent_offer_counts(me.org_id, now - chrono::Duration::days(30))
        .await?;
    let at = Time::from(now);
    let candidates: Vec<Candidate> = app
        .trust
        .read(&app.store, me.org_id, |l| {
            people
                .iter()
                .map(|p| Candidate {
                    id: p.id,
                    strengths: p.strengths.clone(),
                    shared_growth: p.shared_growth.clone(),
                    tie: l.reliance(me.id, p.id, at) + l.reliance(p.id, me.id, at),
                    recent_load: load.get(&p.id).copied().unwrap_or(0),
                })
                .collect()
        })
        .await?;
    let ranked = suggest_helpers(me.id, &my_strengths, skill_key, &candidates, limit);
    let ids: Vec<PersonId> = ranked.iter().map(|s| s.id).collect();
    let mut names = app.store.names_of(me.org_id, &ids).await?;
    Ok(ranked
        .into_iter()
        .filter_map(|s| {
            Some(SuggestedHelper {
                person: PersonRef {
                    id: s.id,
                    name: names.remove(&s.id)?,
                },
                reasons: s.reasons,
            })
        })
        .collect())
}

/// Offers help on a request addressed to me, my team or everyone.
pub async fn offer(
    app: &AppState,
    actor: &Actor,
    id: HelpRequestId,
    text: &str,
) -> AppResult<OfferId> {
    let (h, side) = load(app, actor, id).await?;
    help::decide(Action::Offer, side, h.status).map_err(refused)?;
    let text = FreeText::parse_required("text", text, 2000)?;
    let notice = notices::help_offered(&actor.person.name, h.id).message();
    Ok(app
        .store
        .add_offer(
            actor.org(),
            h.id,
            actor.id(),
            text.as_str(),
            &notice,
            app.now(),
        )
        .await?)
}

/// The asker accepts one offer; relying on the helper is a trust event.
pub async fn accept_offer(
    app: &AppState,
    actor: &Actor,
    id: HelpRequestId,
    offer: OfferId,
) -> AppResult<HelpView> {
    let (h, side) = load(app, actor, id).await?;
    let status = help::decide(Action::AcceptOffer, side, h.status).map_err(refused)?;
    let helper = h
        .offers
        .iter()
        .find(|o| o.id == offer)
        .ok_or_else(|| InvalidValue::new("offer_id", "is not an offer on this request"))?
        .helper_id;
    let now = app.now();
    let event = help::accepting_counts_as_asking(h.audience, helper).then_some(NewEvent {
        at: now,
        from: h.asker_id,
        to: helper,
        subject: Some(h.id.0),
        payload: Payload::HelpAsked,
    });
    let trail = Trail {
        event,
        notes: vec![notices::offer_accepted(&actor.person.name, h.id).to(helper)],
    };
    let h = app
        .store
        .change_help_request(
            actor.org(),
            h.id,
            (h.status, status),
            (Some(offer), None),
            &trail,
            now,
        )
        .await?;
    Ok(HelpView::new(h, actor.id()))
}

/// The asker closes the request: "this helped" or "not really".
pub async fn resolve(
    app: &AppState,
    actor: &Actor,
    id: HelpRequestId,
    helped: bool,
) -> AppResult<HelpView> {
    let (h, side) = load(app, actor, id).await?;
    let status = help::decide(Action::Resolve, side, h.status).map_err(refused)?;
    let helper = h
        .accepted_helper()
        .ok_or_else(|| AppError::conflict("wrong_state", "accept an offer before resolving"))?;
    let now = app.now();
    let trail = Trail {
        event: Some(NewEvent {
            at: now,
            from: h.asker_id,
            to: helper,
            subject: Some(h.id.0),
            payload: Payload::HelpResolved { helped },
        }),
        notes: vec![notices::help_closed(&actor.person.name, h.id).to(helper)],
    };
    let h = app
        .store
        .change_help_request(
            actor.org(),
            h.id,
            (h.status, status),
            (None, Some(helped)),
            &trail,
            now,
        )
        .await?;
    Ok(HelpView::new(h, actor.id()))
}

/// The asker closes their own request without a verdict (found help
/// elsewhere, no longer needed); whoever offered is told.
pub async fn close(app: &AppState, actor: &Actor, id: HelpRequestId) -> AppResult<HelpView> {
    let (h, side) = load(app, actor, id).await?;
    let status = help::decide(Action::Close, side, h.status).map_err(refused)?;
    let notice = notices::help_closed(&actor.person.name, h.id);
    let trail = Trail {
        event: None,
        notes: h.offers.iter().map(|o| notice.to(o.helper_id)).collect(),
    };
    let now = app.now();
    let h = app
        .store
        .change_help_request(
            actor.org(),
            h.id,
            (h.status, status),
            (None, None),
            &trail,
            now,
        )
        .await?;
    Ok(HelpView::new(h, actor.id()))
}

/// The asker asks a colleague (a suggested helper) directly: they are told
/// and may then see and answer the request. Once per person (409 after).
pub async fn ask_helper(
    app: &AppState,
    actor: &Actor,
    id: HelpRequestId,
    person: PersonId,
) -> AppResult<HelpView> {
    let (h, side) = load(app, actor, id).await?;
    help::decide(Action::AskHelper, side, h.status).map_err(refused)?;
    if person == actor.id() {
        return Err(InvalidValue::new("person", "ask someone other than yourself").into());
    }
    let notice = notices::helper_asked(&actor.person.name, &h.skill, h.id).message();
    app.store
        .ask_helper(actor.org(), h.id, person, &notice, app.now())
        .await?;
    get(app, actor, id).await
}
