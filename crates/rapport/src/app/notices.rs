//! What rapport says to a person about something that happened: every
//! notification and digest line, in one place. Each is rapport's own words,
//! a name or a title, and a link: never the free text of a miss, a dispute
//! or a check-in (the link leads to the page, where the pair can read it).

use super::links::Page;
use chrono::{DateTime, Datelike, Utc};
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
    MarkedDone,
    Withdrawn,
    DueChanged,
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
        MarkedDone => format!("{actor} marked “{title}” done: please review how it went"),
        Withdrawn => format!("{actor} withdrew “{title}”: nothing to do"),
        DueChanged => format!("{actor} changed the due date of “{title}”"),
    };
    Notice::new(text, Page::Delegation(id))
}

/// Why the outcome cannot be recorded yet, and when it can: the delegate
/// can open it sooner by marking it done.
pub fn outcome_not_yet(delegate: &str, from: DateTime<Utc>, now: DateTime<Utc>) -> String {
    format!(
        "You can record the outcome once {delegate} marks it done, or from {}",
        day(from, now)
    )
}

/// A day in words ("12 December"), with the year when it is not this one.
pub fn day(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if t.year() == now.year() {
        t.format("%-d %B").to_string()
    } else {
        t.format("%-d %B %Y").to_string()
    }
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

pub fn helper_asked(asker: &str, skill: &str, id: HelpRequestId) -> Notice {
    Notice::new(
        format!("{asker} asked you directly for help with {skill}"),
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

/// What a person just did, confirmed once on the next page they see. The
/// page adapter carries only the code (never free text) from the action to
/// that page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    Delegated,
    Accepted,
    Declined,
    HandedBack,
    MarkedDone,
    Withdrawn,
    DueChanged,
    OutcomeRecorded,
    Disputed,
    NoteSaved,
    HelpAsked,
    Offered,
    OfferAccepted,
    Resolved,
    HelpClosed,
    HelperAsked,
    Thanked,
    CheckInStarted,
    CheckInAnswered,
    IntroductionDone,
    IntroductionSkipped,
    NudgeUpdated,
    Enrolled,
    PartCompleted,
    Saved,
}

impl Done {
    const ALL: [Done; 25] = [
        Done::Delegated,
        Done::Accepted,
        Done::Declined,
        Done::HandedBack,
        Done::MarkedDone,
        Done::Withdrawn,
        Done::DueChanged,
        Done::OutcomeRecorded,
        Done::Disputed,
        Done::NoteSaved,
        Done::HelpAsked,
        Done::Offered,
        Done::OfferAccepted,
        Done::Resolved,
        Done::HelpClosed,
        Done::HelperAsked,
        Done::Thanked,
        Done::CheckInStarted,
        Done::CheckInAnswered,
        Done::IntroductionDone,
        Done::IntroductionSkipped,
        Done::NudgeUpdated,
        Done::Enrolled,
        Done::PartCompleted,
        Done::Saved,
    ];

    /// A short code to carry between two requests.
    pub fn code(self) -> &'static str {
        match self {
            Done::Delegated => "delegated",
            Done::Accepted => "accepted",
            Done::Declined => "declined",
            Done::HandedBack => "handed_back",
            Done::MarkedDone => "marked_done",
            Done::Withdrawn => "withdrawn",
            Done::DueChanged => "due_changed",
            Done::OutcomeRecorded => "outcome_recorded",
            Done::Disputed => "disputed",
            Done::NoteSaved => "note_saved",
            Done::HelpAsked => "help_asked",
            Done::Offered => "offered",
            Done::OfferAccepted => "offer_accepted",
            Done::Resolved => "resolved",
            Done::HelpClosed => "help_closed",
            Done::HelperAsked => "helper_asked",
            Done::Thanked => "thanked",
            Done::CheckInStarted => "check_in_started",
            Done::CheckInAnswered => "check_in_answered",
            Done::IntroductionDone => "introduction_done",
            Done::IntroductionSkipped => "introduction_skipped",
            Done::NudgeUpdated => "nudge_updated",
            Done::Enrolled => "enrolled",
            Done::PartCompleted => "part_completed",
            Done::Saved => "saved",
        }
    }

    pub fn parse(code: &str) -> Option<Done> {
        Done::ALL.into_iter().find(|d| d.code() == code)
    }

    /// The confirmation, in words.
    pub fn words(self) -> &'static str {
        match self {
            Done::Delegated => "Asked. They get a notification and can accept or decline.",
            Done::Accepted => "Accepted. When it is done, mark it done so it can be reviewed.",
            Done::Declined => {
                "Declined. Saying no up front is honest; it does not count against you."
            }
            Done::HandedBack => "Handed back. Before the due date, that is honest and neutral.",
            Done::MarkedDone => "Marked done. They have been asked to review how it went.",
            Done::Withdrawn => "Withdrawn. They have been told there is nothing to do.",
            Done::DueChanged => "Due date changed. They have been told.",
            Done::OutcomeRecorded => "Outcome recorded. You both see it now.",
            Done::Disputed => "Your view is recorded. The outcome now counts as neutral.",
            Done::NoteSaved => "Note saved.",
            Done::HelpAsked => "Your request is out. You will be told when someone offers to help.",
            Done::Offered => "Offer sent. You will be told if it is accepted.",
            Done::OfferAccepted => "Offer accepted. Say whether it helped once you are done.",
            Done::Resolved => "Thanks for closing the loop.",
            Done::HelpClosed => "Request closed.",
            Done::HelperAsked => "Asked. They get a notification with a link to your request.",
            Done::Thanked => "Thanks sent.",
            Done::CheckInStarted => {
                "Check-in started. You both see the answers once both have answered."
            }
            Done::CheckInAnswered => {
                "Answer saved. You both see the answers once both have answered."
            }
            Done::IntroductionDone => "Marked as met. Nice.",
            Done::IntroductionSkipped => "Skipped.",
            Done::NudgeUpdated => "Done. The suggestion is updated.",
            Done::Enrolled => "Enrolled. Start with part 1.",
            Done::PartCompleted => "Part marked complete.",
            Done::Saved => "Saved.",
        }
    }
}

/// A refused single sign-on, as its page says it: a heading and what to
/// do about it. The cause itself is in the log, never on the page.
pub fn sso_refused(r: super::sso::Refusal) -> (&'static str, &'static str) {
    use super::sso::Refusal::*;
    match r {
        NotConfigured => (
            "Single sign-on is not set up",
            "This organization does not sign in through an identity provider. Sign in with your email and password, or ask your admin.",
        ),
        Unreachable => (
            "Your identity provider did not answer",
            "rapport could not reach your organization's identity provider, or could not understand its answer. Try again in a few minutes; if it keeps happening, tell your admin.",
        ),
        ProviderSaidNo => (
            "Your identity provider did not sign you in",
            "The identity provider answered without signing you in (the sign-in was cancelled, or it refused). Start again from the sign-in page.",
        ),
        StateMismatch => (
            "This sign-in did not start here",
            "The answer from the identity provider does not belong to a sign-in this browser started, so it was not used. Start again from the sign-in page.",
        ),
        Replayed => (
            "This sign-in was already used",
            "Each answer from the identity provider signs in once, and this one already has. Start again from the sign-in page.",
        ),
        Expired => (
            "This sign-in took too long",
            "The sign-in expired before the identity provider answered. Start again from the sign-in page.",
        ),
        WrongAudience => (
            "The sign-in was meant for another application",
            "The identity provider's answer was issued for another application, so rapport did not accept it. Your admin should check the client id in rapport's settings.",
        ),
        WrongIssuer => (
            "The sign-in came from another provider",
            "The answer was not issued by your organization's identity provider, so rapport did not accept it. Your admin should check the issuer in rapport's settings.",
        ),
        TokenExpired => (
            "The sign-in had expired",
            "The identity provider's answer had already expired when it arrived (a clock may be wrong). Start again; if it keeps happening, tell your admin.",
        ),
        BadSignature => (
            "The sign-in could not be verified",
            "The identity provider's answer was not signed with its keys, so rapport did not accept it. Start again; if it keeps happening, tell your admin.",
        ),
        NonceMismatch => (
            "The sign-in did not match",
            "The identity provider's answer was for another sign-in, so rapport did not accept it. Start again from the sign-in page.",
        ),
        BadToken => (
            "The sign-in could not be read",
            "The identity provider's answer was incomplete or malformed, so rapport did not accept it. Tell your admin.",
        ),
        EmailUnverified => (
            "Your email address is not verified",
            "Your identity provider has not verified your email address, so rapport cannot tell it is yours. Verify it with your provider, or ask your admin.",
        ),
        Deactivated => (
            "Your rapport account is deactivated",
            "Your organization's directory has deactivated your account, so you cannot sign in. If this is a mistake, ask your admin.",
        ),
        UnknownPerson => (
            "You do not have a rapport account yet",
            "Your identity provider signed you in, but nobody in this organization has your email address. Ask your admin to add you.",
        ),
    }
}

/// The sign-in page, when an email was typed without a password and its
/// organization signs in with passwords.
pub const PASSWORD_PLEASE: &str =
    "type your password too: your organization signs in with a password";

#[cfg(test)]
mod done_tests {
    use super::Done;

    /// Every confirmation's code reads back as itself, and says something.
    #[test]
    fn every_confirmation_round_trips_through_its_code() {
        for d in Done::ALL {
            assert_eq!(Done::parse(d.code()), Some(d));
            assert!(!d.words().is_empty());
        }
        assert_eq!(Done::parse("<script>"), None);
    }
}

/// What rapport says in Slack and Microsoft Teams: only to the person who
/// asked (ephemeral) unless a thank-you is visible to a team.
pub mod chat {
    use crate::app::AppError;

    pub const USAGE: &str = "Try one of these:\n\
        • `/rapport thanks @someone for the review` (only they see it; add `team` after the name to share it with their team)\n\
        • `/rapport help spreadsheets: a formula that sums by month` (asks everyone and shows who could help)\n\
        • `/rapport delegate @someone Draft the release notes by 2026-12-01`\n\
        • `/rapport next` (your next step, only for you)";

    pub fn unknown_user() -> String {
        "rapport has no account with your Slack email address in this organization: ask an admin to invite you, then try again".into()
    }

    pub fn colleague_unknown(slack_user: &str) -> String {
        format!(
            "<@{slack_user}> has no rapport account in this organization, so rapport cannot name them yet"
        )
    }

    pub fn mention_needed(what: &str) -> String {
        format!("Name the colleague with @, as in `/rapport {what} @someone …`")
    }

    pub fn help_needs_colon() -> String {
        "Say the skill, a colon, then what you need: `/rapport help spreadsheets: a formula that sums by month`".into()
    }

    pub fn module_off(words: &str) -> String {
        format!("Your organization has switched {words} off")
    }

    pub fn thanked(name: &str, team: bool) -> String {
        if team {
            format!("You thanked {name}; their team can see it too")
        } else {
            format!("You thanked {name}; only the two of you see it")
        }
    }

    pub fn help_opened(suggested: &[String]) -> String {
        if suggested.is_empty() {
            "Your request is open to everyone in your organization. No one stands out for this skill yet: people can still offer.".into()
        } else {
            format!(
                "Your request is open to everyone in your organization. Colleagues who could help: {}",
                suggested.join(", ")
            )
        }
    }

    pub fn delegated(name: &str, title: &str) -> String {
        format!("You asked {name} to take on “{title}”: they will answer in rapport or in Slack")
    }

    pub fn next_step(sentence: &str) -> String {
        format!("Your next step: {sentence}")
    }

    pub const OPEN: &str = "Open in rapport";
    // Button labels.
    pub const ACCEPT: &str = "Accept";
    pub const DECLINE: &str = "Decline";
    pub const DELIVERED: &str = "Delivered";
    pub const PARTLY: &str = "Partly";
    pub const MISSED: &str = "Missed";
    pub const OFFER: &str = "Offer to help";
    pub const DONE: &str = "Done";
    pub const NOT_THIS_WEEK: &str = "Not this week";
    pub const THANK: &str = "Thank";
    pub const CANCEL: &str = "Cancel";

    /// An error in words, for the person only.
    pub fn refused(e: &AppError) -> String {
        match e {
            AppError::NotFound => "rapport cannot find that, or it is not yours to see".into(),
            AppError::Internal(_) => {
                "Something went wrong on rapport's side: try again in a minute".into()
            }
            e => {
                let s = e.to_string();
                let mut c = s.chars();
                match c.next() {
                    Some(first) => first.to_uppercase().chain(c).collect(),
                    None => s,
                }
            }
        }
    }

    pub fn already_handled() -> String {
        "rapport already handled this request".into()
    }

    pub fn not_linked() -> String {
        "Your Slack account is not linked to rapport yet: use `/rapport next` once, then try again"
            .into()
    }

    /// What a button did, shown in place of the buttons.
    pub fn accepted(title: &str) -> String {
        format!("You accepted “{title}”")
    }
    pub fn declined(title: &str) -> String {
        format!("You declined “{title}”")
    }
    pub fn outcome(title: &str, outcome: &str) -> String {
        format!("You recorded how “{title}” went: {outcome}")
    }
    pub fn offered(skill: &str) -> String {
        format!("You offered to help with {skill}")
    }

    pub fn weekly_nudge(action: &str, with: Option<&str>) -> String {
        match with {
            Some(name) => format!("Your suggestion this week: {action} (with {name})"),
            None => format!("Your suggestion this week: {action}"),
        }
    }
    pub const NUDGE_DONE: &str = "Done: well done";
    pub const NUDGE_SNOOZED: &str = "Not this week: it will come back later";

    /// The words an offer made from a button carries.
    pub const OFFER_TEXT: &str = "I can help (offered from Slack)";

    pub fn team_thanks(from: &str, to: &str, message: &str) -> String {
        format!("{from} thanked {to}: “{message}”")
    }

    pub const THANK_FOR_THIS: &str = "Thank for this";
    pub const THANKS_LABEL: &str = "What are you thanking them for?";
    pub fn thanks_for_message(typed: &str, permalink: &str) -> String {
        format!("{typed}\n\nFor this message: {permalink}")
    }
}
