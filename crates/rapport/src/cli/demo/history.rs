//! Turns the demo's generated history (`rapport_demo::history`) into
//! rows and events, with real ids and times counted back from now.

use chrono::{DateTime, Duration, Utc};
use rapport_core::delegation::Status;
use rapport_core::events::Payload;
use rapport_core::{DelegationId, HelpRequestId, OfferId, PersonId, SkillName, TeamId};
use rapport_demo::DemoOrg;
use rapport_demo::history::DemoHistory;
use rapport_store::{History, NewEvent, NewNotification, PastDelegation, PastHelp, PastThanks};
use serde_json::json;

/// `people[i]` and `teams[i]` are the stored ids of the demo's people and teams.
pub fn rows(
    org: &DemoOrg,
    h: &DemoHistory,
    people: &[PersonId],
    teams: &[TeamId],
    now: DateTime<Utc>,
) -> anyhow::Result<History> {
    let ago = |days: f64| now - Duration::seconds((days * 86_400.0) as i64);
    let mut out = History::default();
    let ids: Vec<DelegationId> = h.delegations.iter().map(|_| DelegationId::new()).collect();
    for (i, d) in h.delegations.iter().enumerate() {
        let (from, to) = (people[d.from], people[d.to]);
        let status =
            Status::parse(d.status).ok_or_else(|| anyhow::anyhow!("demo status {}", d.status))?;
        let created = ago(d.created_days_ago);
        let ended = d.completed_days_ago.map(ago);
        let second = d.second_chance_of.map(|j| ids[j]);
        let event = |at, payload| NewEvent {
            at,
            from,
            to,
            subject: Some(ids[i].0),
            payload,
        };
        out.events.push(event(
            created,
            Payload::Delegated {
                second_chance_of: second,
            },
        ));
        match (status, ended) {
            (Status::Declined, Some(at)) => out.events.push(event(at, Payload::Declined)),
            (Status::HandedBack, Some(at)) => out.events.push(event(at, Payload::HandedBack)),
            (Status::Done, Some(at)) => {
                let completed = Payload::Completed {
                    stakes: serde_json::from_value(json!(d.stakes))?,
                    outcome: serde_json::from_value(json!(d.outcome))?,
                    stretch: d.stretch,
                    second_chance_of: second,
                };
                out.events.push(event(at, completed));
                if d.disputed {
                    out.events
                        .push(event(at + Duration::hours(20), Payload::Disputed));
                }
            }
            _ => {}
        }
        if status == Status::Proposed {
            let text = format!("{} asked you to take something on", org.people[d.from].name);
            out.notes.push((
                NewNotification {
                    person: to,
                    text,
                    link: format!("/delegations/{}", ids[i]),
                },
                created,
            ));
        }
        out.delegations.push(PastDelegation {
            id: ids[i],
            from,
            to,
            title: d.title.clone(),
            details: d.details.clone(),
            due_at: d.due_days_ago.map(ago),
            stakes: d.stakes,
            status,
            stretch: d.stretch,
            outcome: d.outcome,
            from_note: d.from_note.clone(),
            to_note: d.to_note.clone(),
            dispute_note: d.dispute_note.clone(),
            disputed_at: (d.disputed)
                .then(|| ended.map(|e| e + Duration::hours(20)))
                .flatten(),
            second_chance_of: second,
            created_at: created,
            completed_at: ended,
        });
    }
    let help_ids: Vec<HelpRequestId> = h.help.iter().map(|_| HelpRequestId::new()).collect();
    for (i, r) in h.help.iter().enumerate() {
        let asker = people[r.asker];
        let created = ago(r.created_days_ago);
        let accepted = r.status != "open";
        let offer = r
            .helper
            .map(|x| (OfferId::new(), people[x], r.offer_text.clone(), accepted));
        if let Some((_, helper, _, true)) = &offer {
            let at = created + Duration::hours(6);
            out.events.push(NewEvent {
                at,
                from: asker,
                to: *helper,
                subject: Some(help_ids[i].0),
                payload: Payload::HelpAsked,
            });
            if let (Some(helped), Some(days)) = (r.helped, r.resolved_days_ago) {
                out.events.push(NewEvent {
                    at: ago(days),
                    from: asker,
                    to: *helper,
                    subject: Some(help_ids[i].0),
                    payload: Payload::HelpResolved { helped },
                });
            }
        }
        out.help.push(PastHelp {
            id: help_ids[i],
            asker,
            skill: SkillName::parse(&r.skill)?,
            text: r.text.clone(),
            audience: r.audience,
            to_team: (r.audience == "team").then(|| teams[org.people[r.asker].team]),
            status: r.status,
            offer,
            helped: r.helped,
            created_at: created,
            resolved_at: r.resolved_days_ago.map(ago),
        });
    }
    for t in &h.thanks {
        let (from, to, at) = (people[t.from], people[t.to], ago(t.days_ago));
        out.events.push(NewEvent {
            at,
            from,
            to,
            subject: None,
            payload: Payload::Thanked,
        });
        out.thanks.push(PastThanks {
            from,
            to,
            message: t.message.clone(),
            visibility: t.visibility,
            delegation_id: t.delegation.map(|j| ids[j]),
            help_request_id: t.help.map(|j| help_ids[j]),
            at,
        });
    }
    Ok(out)
}
