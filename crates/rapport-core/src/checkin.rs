//! "Ask for their perspective": a two-sided check-in about one relationship.
//!
//! Both people answer the same short questionnaire. An answer is sealed when
//! it is submitted; both are revealed to both people only once both have
//! answered, and a window that closes with one answer reveals nothing, ever.
//! This module holds the questionnaire, the rules of who may do what when,
//! and what to show after the reveal: where the two views differ most and a
//! way to start the conversation.

use crate::domain::{FreeText, InvalidValue};
use serde::{Deserialize, Serialize};

/// How long both people have to answer, unless the organization says otherwise.
pub const DEFAULT_WINDOW_DAYS: i64 = 14;

/// The longest free-text answer.
pub const MAX_TEXT: usize = 1_000;

/// The five 1–5 questions, in the order they are asked.
pub const QUESTIONS: [(&str, &str); 5] = [
    ("count_on", "How much can I count on them?"),
    ("would_help", "Would they help me if I asked?"),
    ("admit_mistakes", "Can I admit a mistake to them?"),
    ("communication", "How well do we communicate?"),
    ("know_as_person", "How well do I know them as a person?"),
];

/// One person's scores, each 1 (not at all) to 5 (completely).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scores {
    pub count_on: u8,
    pub would_help: u8,
    pub admit_mistakes: u8,
    pub communication: u8,
    pub know_as_person: u8,
}

impl Scores {
    /// Checks every score is 1–5, naming the first that is not.
    pub fn validate(self) -> Result<Self, InvalidValue> {
        for (field, value) in self.by_question() {
            if !(1..=5).contains(&value) {
                return Err(InvalidValue::new(
                    field,
                    format!("must be a whole number from 1 to 5, found {value}"),
                ));
            }
        }
        Ok(self)
    }

    /// The scores in [`QUESTIONS`] order, with their field names.
    pub fn by_question(self) -> [(&'static str, u8); 5] {
        [
            ("count_on", self.count_on),
            ("would_help", self.would_help),
            ("admit_mistakes", self.admit_mistakes),
            ("communication", self.communication),
            ("know_as_person", self.know_as_person),
        ]
    }
}

/// A complete, valid answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub scores: Scores,
    /// "One thing we could do better."
    pub improve: FreeText,
    /// "One thing that works."
    pub works: FreeText,
}

impl Answer {
    pub fn parse(scores: Scores, improve: &str, works: &str) -> Result<Self, InvalidValue> {
        Ok(Answer {
            scores: scores.validate()?,
            improve: FreeText::parse_required("improve", improve, MAX_TEXT)?,
            works: FreeText::parse_required("works", works, MAX_TEXT)?,
        })
    }
}

/// Where a check-in stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for one or both answers.
    Open,
    /// Both answered: both see both answers.
    Revealed,
    /// The window closed with at most one answer: nothing is revealed.
    Closed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Revealed => "revealed",
            Status::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(Status::Open),
            "revealed" => Some(Status::Revealed),
            "closed" => Some(Status::Closed),
            _ => None,
        }
    }
}

/// Why an answer cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// This person already answered: an answer is sealed.
    AlreadyAnswered,
    /// The window has closed (or both answered).
    NotOpen,
}

/// Whether this person may answer now: only while the check-in is open,
/// before its window closes, and only once.
pub fn may_answer(status: Status, window_open: bool, already: bool) -> Result<(), Refusal> {
    if already {
        return Err(Refusal::AlreadyAnswered);
    }
    if status != Status::Open || !window_open {
        return Err(Refusal::NotOpen);
    }
    Ok(())
}

/// A check-in is between two different people.
pub fn check_start(from: crate::PersonId, with: crate::PersonId) -> Result<(), InvalidValue> {
    if from == with {
        return Err(InvalidValue::new(
            "with",
            "choose a colleague, not yourself",
        ));
    }
    Ok(())
}

/// What an answer does: the second one reveals both, at once; the first
/// waits, sealed, for the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterAnswer {
    Waits,
    Reveals,
}

/// What an answer does, given how many answers there are with it.
pub fn after_answer(answers: usize) -> AfterAnswer {
    if answers >= 2 {
        AfterAnswer::Reveals
    } else {
        AfterAnswer::Waits
    }
}

/// What a person may see of the other's answer: all of it after the
/// reveal, nothing before, and nothing ever if the window closed first.
pub fn may_see_other(status: Status) -> bool {
    status == Status::Revealed
}

/// One question on which the two views differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Difference {
    pub question: String,
    pub mine: u8,
    pub theirs: u8,
    pub gap: u8,
}

/// The questions ordered by how far apart the two answers are (largest
/// first; ties keep the questionnaire's order). Equal answers are left out.
pub fn differences(mine: Scores, theirs: Scores) -> Vec<Difference> {
    let mut out: Vec<Difference> = mine
        .by_question()
        .iter()
        .zip(theirs.by_question())
        .zip(QUESTIONS)
        .filter_map(|(((_, m), (_, t)), (_, question))| {
            let gap = m.abs_diff(t);
            (gap > 0).then(|| Difference {
                question: question.to_string(),
                mine: *m,
                theirs: t,
                gap,
            })
        })
        .collect();
    out.sort_by_key(|d| std::cmp::Reverse(d.gap));
    out
}

/// A way to start the conversation, from where the views differ most.
pub fn opener(mine: Scores, theirs: Scores) -> String {
    let Some(d) = differences(mine, theirs).into_iter().next() else {
        return "You see this relationship the same way. Ask what the one thing that works \
                would look like if you did more of it."
            .to_string();
    };
    let topic = &d.question;
    let (lower, higher) = if d.mine < d.theirs {
        ("you", "they")
    } else {
        ("they", "you")
    };
    format!(
        "Your views differ most on “{topic}”: {lower} answered lower than {higher} did. \
         Try: “I noticed we answered this differently. What would make it a 5 for you?”"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(v: [u8; 5]) -> Scores {
        Scores {
            count_on: v[0],
            would_help: v[1],
            admit_mistakes: v[2],
            communication: v[3],
            know_as_person: v[4],
        }
    }

    #[test]
    fn a_score_outside_one_to_five_is_refused_by_name() {
        let err = Answer::parse(scores([3, 3, 0, 3, 3]), "a", "b").unwrap_err();
        assert_eq!(err.field, "admit_mistakes");
        let err = Answer::parse(scores([3, 3, 3, 3, 6]), "a", "b").unwrap_err();
        assert_eq!(err.field, "know_as_person");
        let err = Answer::parse(scores([3; 5]), "  ", "b").unwrap_err();
        assert_eq!(err.field, "improve");
        assert!(Answer::parse(scores([1, 2, 3, 4, 5]), "a", "b").is_ok());
    }

    #[test]
    fn an_answer_is_taken_once_and_only_while_open() {
        assert_eq!(may_answer(Status::Open, true, false), Ok(()));
        assert_eq!(
            may_answer(Status::Open, true, true),
            Err(Refusal::AlreadyAnswered)
        );
        assert_eq!(
            may_answer(Status::Open, false, false),
            Err(Refusal::NotOpen)
        );
        assert_eq!(
            may_answer(Status::Closed, true, false),
            Err(Refusal::NotOpen)
        );
        assert_eq!(
            may_answer(Status::Revealed, true, false),
            Err(Refusal::NotOpen)
        );
    }

    /// The second answer reveals; the first waits; nobody checks in with themselves.
    #[test]
    fn the_second_answer_reveals_and_the_first_waits() {
        assert_eq!(after_answer(1), AfterAnswer::Waits);
        assert_eq!(after_answer(2), AfterAnswer::Reveals);
        let (a, b) = (crate::PersonId::new(), crate::PersonId::new());
        assert!(check_start(a, b).is_ok());
        assert_eq!(check_start(a, a).unwrap_err().field, "with");
    }

    #[test]
    fn only_a_reveal_shows_the_other_answer() {
        assert!(!may_see_other(Status::Open));
        assert!(!may_see_other(Status::Closed));
        assert!(may_see_other(Status::Revealed));
    }

    #[test]
    fn differences_come_largest_first_and_leave_out_agreement() {
        let d = differences(scores([5, 3, 2, 4, 1]), scores([4, 3, 5, 4, 3]));
        let gaps: Vec<_> = d.iter().map(|d| (d.question.as_str(), d.gap)).collect();
        assert_eq!(
            gaps,
            [
                ("Can I admit a mistake to them?", 3),
                ("How well do I know them as a person?", 2),
                ("How much can I count on them?", 1),
            ]
        );
        let o = opener(scores([5, 3, 2, 4, 1]), scores([4, 3, 5, 4, 3]));
        assert!(o.contains("“Can I admit a mistake to them?”"), "{o}");
        assert!(o.contains("you answered lower"), "{o}");
        assert!(opener(scores([3; 5]), scores([3; 5])).contains("the same way"));
    }
}
