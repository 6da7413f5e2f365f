//! What rapport says to a person about something that happened: every
//! notification and digest line, in one place. Each is rapport's own words,
//! a name or a title, and a link: never the free text of a miss, a dispute
//! or a check-in (the link leads to the page, where the pair can read it).

use super::links::Page;
use rapport_core::{CheckInId, DelegationId, HelpRequestId, PersonId};
use rapport_store::{Message, NewNotification};

/// A sentence and where it leads, not yet addressed to anyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub link: Page,
}

impl Notice {
    fn new(text: String, link: Page) -> Self {
        Notice { text, link }
    }

    /// The notice for everyone a change tells (the store addresses it).
    pub fn message(&self) -> Message {
        Message {
            text: self.text.clone(),
            link: self.link.path(),
        }
    }

    /// The notice as a notification for one person.
    pub fn to(&self, person: PersonId) -> NewNotification {
        NewNotification {
            person,
            text: self.text.clone(),
            link: self.link.path(),
        }
    }
}

/// A delegation's life, as the other person of the pair hears of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DelegationNews {
    Asked,
    SecondChance,
    Accepted,
    Declined,
    HandedBack,
    OutcomeRecorded,
    Disputed,
    Noted,
}

pub fn delegation(actor: &str, news: DelegationNews, title: &str, id: DelegationId) -> Notice {
    use DelegationNews::*;
    let text = match news {
        Asked => format!("{actor} asked you to take something on"),
        SecondChance => format!("{actor} offered you a second chance"),
        Accepted => format!("{actor} accepted “{title}”"),
        Declined => format!("{actor} declined “{title}”"),
        HandedBack => format!("{actor} handed back “{title}”"),
        OutcomeRecorded => format!("{actor} recorded how it went for “{title}”"),
        Disputed => format!("{actor} added their view on “{title}”"),
        Noted => format!("{actor} added a note to “{title}”"),
    };
    Notice::new(text, Page::Delegation(id))
}

/// The reminder a delegate gets once, before or after the due date.
pub fn due_reminder(title: &str, from: &str, overdue: bool, id: DelegationId) -> Notice {
    let when = if overdue {
        "is past its due date"
    } else {
        "is due soon"
    };
    Notice::new(format!("“{title}” for {from} {when}"), Page::Delegation(id))
}

pub fn help_asked(asker: &str, skill: &str, id: HelpRequestId) -> Notice {
    Notice::new(
        format!("{asker} asked for help with {skill}"),
        Page::HelpRequest(id),
    )
}

pub fn help_offered(helper: &str, id: HelpRequestId) -> Notice {
    Notice::new(format!("{helper} offered to help"), Page::HelpRequest(id))
}

pub fn offer_accepted(asker: &str, id: HelpRequestId) -> Notice {
    Notice::new(
        format!("{asker} accepted your offer of help"),
        Page::HelpRequest(id),
    )
}

pub fn help_closed(asker: &str, id: HelpRequestId) -> Notice {
    Notice::new(
        format!("{asker} closed their request for help"),
        Page::HelpRequest(id),
    )
}

pub fn thanked(from: &str) -> Notice {
    Notice::new(format!("{from} thanked you"), Page::Thanks)
}

pub fn check_in_started(by: &str, id: CheckInId) -> Notice {
    Notice::new(
        format!("{by} asked for your perspective on how you work together"),
        Page::CheckIn(id),
    )
}

pub fn check_in_answered(by: &str, id: CheckInId) -> Notice {
    Notice::new(
        format!("{by} answered your check-in; their answer opens when you answer too"),
        Page::CheckIn(id),
    )
}

pub fn check_in_revealed(with: &str, id: CheckInId) -> Notice {
    Notice::new(
        format!("Your check-in with {with} is ready: see both answers"),
        Page::CheckIn(id),
    )
}

pub fn introductions_invitation() -> Notice {
    Notice::new(
        "You're invited to get-to-know introductions: opt in if you'd like to meet colleagues you barely know".into(),
        Page::Introductions,
    )
}

pub fn introduction(with: &str) -> Notice {
    Notice::new(
        format!("Meet {with}: this week's get-to-know introduction"),
        Page::Introductions,
    )
}

/// What waits on a person, as their digest lists it.
pub mod digest {
    use super::{Notice, Page};
    use rapport_core::{DelegationId, HelpRequestId};

    pub fn to_answer(from: &str, title: &str, id: DelegationId) -> Notice {
        Notice::new(format!("{from} asked you: {title}"), Page::Delegation(id))
    }

    pub fn due_soon(from: &str, title: &str, id: DelegationId) -> Notice {
        Notice::new(
            format!("“{title}” for {from} is due soon"),
            Page::Delegation(id),
        )
    }

    pub fn to_record(title: &str, id: DelegationId) -> Notice {
        Notice::new(
            format!("How did “{title}” go? Record the outcome"),
            Page::Delegation(id),
        )
    }

    pub fn help_for_me(asker: &str, skill: &str, id: HelpRequestId) -> Notice {
        Notice::new(
            format!("{asker} asks for help with {skill}"),
            Page::HelpRequest(id),
        )
    }
}
