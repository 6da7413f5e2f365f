//! Page links, typed: every address a notice, an email, a nudge or a
//! redirect points at is made here, so a route renamed in `web/` has one
//! place to follow it. Paths only: the email adds the public address.

use rapport_core::{CheckInId, DelegationId, HelpRequestId, PersonId};
use std::fmt;

/// A page of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Home,
    Delegations,
    Delegation(DelegationId),
    /// The form for a new delegation, to someone, maybe as a second chance.
    NewDelegation {
        to: Option<PersonId>,
        second_chance_of: Option<DelegationId>,
    },
    Help,
    HelpRequest(HelpRequestId),
    /// The help form, prefilled: a skill, maybe addressed to one person.
    AskForHelp {
        skill: String,
        to: Option<PersonId>,
    },
    Thanks,
    NewThanks {
        to: PersonId,
    },
    CheckIns,
    CheckIn(CheckInId),
    /// The check-in page with the form to start one with someone.
    StartCheckIn {
        with: PersonId,
    },
    Introductions,
    Relationships,
    /// My relationship with one colleague.
    Relationship(PersonId),
    Person(PersonId),
    CoursePart {
        slug: String,
        part: u8,
    },
    EmailPreferences,
    Notifications,
    Tokens,
}

impl Page {
    /// The module a page belongs to, if any: a link to a switched-off
    /// module is never offered.
    pub fn module(&self) -> Option<rapport_core::modules::Module> {
        use rapport_core::modules::Module;
        match self {
            Page::Delegations | Page::Delegation(_) | Page::NewDelegation { .. } => {
                Some(Module::Delegations)
            }
            Page::Help | Page::HelpRequest(_) | Page::AskForHelp { .. } => Some(Module::Help),
            Page::CheckIns | Page::CheckIn(_) | Page::StartCheckIn { .. } => Some(Module::CheckIns),
            Page::Introductions => Some(Module::Introductions),
            Page::CoursePart { .. } => Some(Module::Learning),
            Page::EmailPreferences => Some(Module::Email),
            Page::Home
            | Page::Thanks
            | Page::NewThanks { .. }
            | Page::Relationships
            | Page::Relationship(_)
            | Page::Person(_)
            | Page::Notifications
            | Page::Tokens => None,
        }
    }

    pub fn path(&self) -> String {
        self.to_string()
    }
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

impl fmt::Display for Page {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Page::Home => f.write_str("/"),
            Page::Delegations => f.write_str("/delegations"),
            Page::Delegation(id) => write!(f, "/delegations/{id}"),
            Page::NewDelegation {
                to,
                second_chance_of,
            } => {
                f.write_str("/delegations/new")?;
                let mut sep = '?';
                if let Some(to) = to {
                    write!(f, "{sep}to={to}")?;
                    sep = '&';
                }
                if let Some(of) = second_chance_of {
                    write!(f, "{sep}second_chance_of={of}")?;
                }
                Ok(())
            }
            Page::Help => f.write_str("/help"),
            Page::HelpRequest(id) => write!(f, "/help/{id}"),
            Page::AskForHelp { skill, to } => match to {
                Some(to) => write!(f, "/help?skill={}&to={to}&audience=person", enc(skill)),
                None => write!(f, "/help?skill={}", enc(skill)),
            },
            Page::Thanks => f.write_str("/thanks"),
            Page::NewThanks { to } => write!(f, "/thanks/new?to={to}"),
            Page::CheckIns => f.write_str("/check-ins"),
            Page::CheckIn(id) => write!(f, "/check-ins/{id}"),
            Page::StartCheckIn { with } => write!(f, "/check-ins?with={with}"),
            Page::Introductions => f.write_str("/introductions"),
            Page::Relationships => f.write_str("/relationships"),
            Page::Relationship(id) => write!(f, "/relationships/{id}"),
            Page::Person(id) => write!(f, "/people/{id}"),
            Page::CoursePart { slug, part } => write!(f, "/courses/{}/parts/{part}", enc(slug)),
            Page::EmailPreferences => f.write_str("/me/email"),
            Page::Notifications => f.write_str("/notifications"),
            Page::Tokens => f.write_str("/me/tokens"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Links carry their ids and encode what a person typed.
    #[test]
    fn links_carry_ids_and_encode_text() {
        let p = PersonId::new();
        let d = DelegationId::new();
        assert_eq!(
            Page::NewDelegation {
                to: Some(p),
                second_chance_of: Some(d)
            }
            .path(),
            format!("/delegations/new?to={p}&second_chance_of={d}")
        );
        assert_eq!(
            Page::AskForHelp {
                skill: "C++ & Rust".into(),
                to: None
            }
            .path(),
            "/help?skill=C%2B%2B+%26+Rust"
        );
        assert_eq!(Page::Delegation(d).path(), format!("/delegations/{d}"));
    }
}
