//! Building one statement from one learning event.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat};
use serde::{Serialize, Serializer};
use uuid::Uuid;

use super::{
    PLATFORM, TYPE_COURSE, TYPE_LESSON, TYPE_PERFORMANCE, VERB_COMPLETED, VERB_EXPERIENCED,
    VERB_LAUNCHED, XAPI_VERSION,
};
use crate::learning::Course;

/// A language map, `{"en-US": "..."}`.
pub type LanguageMap = BTreeMap<String, String>;

fn en(text: impl Into<String>) -> LanguageMap {
    BTreeMap::from([("en-US".to_string(), text.into())])
}

/// Who learned, as the organization chose to identify people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// `{"objectType":"Agent","mbox":"mailto:…"}`.
    Email(String),
    /// `{"objectType":"Agent","account":{"homePage":…,"name":…}}`: an
    /// opaque id under rapport's address, so the LRS never sees an email.
    Account { home_page: String, name: String },
}

impl Actor {
    /// The identifier that statement ids are derived from.
    pub fn id(&self) -> String {
        match self {
            Actor::Email(email) => format!("mailto:{email}"),
            Actor::Account { home_page, name } => format!("{home_page}#{name}"),
        }
    }
}

impl Serialize for Actor {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Account<'a> {
            #[serde(rename = "homePage")]
            home_page: &'a str,
            name: &'a str,
        }
        #[derive(Serialize)]
        struct Agent<'a> {
            #[serde(rename = "objectType")]
            object_type: &'static str,
            #[serde(skip_serializing_if = "Option::is_none")]
            mbox: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            account: Option<Account<'a>>,
        }
        let agent = match self {
            Actor::Email(email) => Agent {
                object_type: "Agent",
                mbox: Some(format!("mailto:{email}")),
                account: None,
            },
            Actor::Account { home_page, name } => Agent {
                object_type: "Agent",
                mbox: None,
                account: Some(Account { home_page, name }),
            },
        };
        agent.serialize(s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verb {
    pub id: String,
    pub display: LanguageMap,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityDefinition {
    pub name: LanguageMap,
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    #[serde(rename = "objectType")]
    pub object_type: &'static str,
    pub id: String,
    pub definition: ActivityDefinition,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementResult {
    pub completion: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extensions: Option<BTreeMap<String, serde_json::Value>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContextActivities {
    pub parent: Vec<Activity>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub category: Vec<Activity>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementContext {
    #[serde(rename = "contextActivities", skip_serializing_if = "Option::is_none")]
    pub context_activities: Option<ContextActivities>,
    pub platform: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extensions: Option<BTreeMap<String, serde_json::Value>>,
}

/// An xAPI statement; `serde_json::to_value` gives the spec's JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statement {
    pub id: Uuid,
    pub actor: Actor,
    pub verb: Verb,
    pub object: Activity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<StatementResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<StatementContext>,
    /// RFC 3339, UTC.
    pub timestamp: String,
    pub version: &'static str,
}

/// A learning event worth a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LearningRecord {
    /// Enrolled in, or opened, the course.
    Launched,
    LessonCompleted {
        part: u8,
    },
    /// Carries the part only: never what was done or with whom.
    PracticeCompleted {
        part: u8,
    },
    CourseCompleted,
}

impl LearningRecord {
    fn kind(self) -> &'static str {
        match self {
            LearningRecord::Launched => "launched",
            LearningRecord::LessonCompleted { .. } => "lesson_completed",
            LearningRecord::PracticeCompleted { .. } => "practice_completed",
            LearningRecord::CourseCompleted => "course_completed",
        }
    }

    fn part(self) -> Option<u8> {
        match self {
            LearningRecord::LessonCompleted { part }
            | LearningRecord::PracticeCompleted { part } => Some(part),
            _ => None,
        }
    }
}

/// Everything one statement is made from.
#[derive(Debug, Clone, Copy)]
pub struct StatementInput<'a> {
    /// rapport's public address, e.g. `https://rapport.example.com`.
    pub base_url: &'a str,
    pub actor: &'a Actor,
    pub course: &'a Course,
    pub record: LearningRecord,
    /// When it happened, unix seconds.
    pub at: i64,
    /// The app's key for this one event (an enrollment id, a progress row
    /// id…): two events of the same kind differ by it, a resend does not.
    pub key: &'a str,
}

/// Namespace of statement ids: UUID v5 of rapport's URN in the URL namespace.
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:rapport:xapi:statement")
}

/// The statement id: deterministic, so a resend is harmless. Each part is
/// length-prefixed, so no two different inputs share a name.
pub fn statement_id(actor: &Actor, record: LearningRecord, course_slug: &str, key: &str) -> Uuid {
    let part = record.part().map(|p| p.to_string()).unwrap_or_default();
    let mut name = String::new();
    for field in [actor.id().as_str(), record.kind(), course_slug, &part, key] {
        name.push_str(&format!("{}:{field};", field.len()));
    }
    Uuid::new_v5(&namespace(), name.as_bytes())
}

/// Builds the statement for one learning event.
pub fn statement(input: &StatementInput) -> Statement {
    let base = input.base_url.trim_end_matches('/');
    let course = input.course;
    let course_activity = Activity {
        object_type: "Activity",
        id: format!("{base}/courses/{}", course.slug),
        definition: ActivityDefinition {
            name: en(&course.title),
            kind: TYPE_COURSE.into(),
        },
    };
    let part_title = |n: u8| {
        course
            .part(n)
            .map_or_else(|| format!("Part {n}"), |p| format!("Part {n}: {}", p.title))
    };
    let (verb, object, completion) = match input.record {
        LearningRecord::Launched => (VERB_LAUNCHED, course_activity.clone(), false),
        LearningRecord::CourseCompleted => (VERB_COMPLETED, course_activity.clone(), true),
        LearningRecord::LessonCompleted { part } => (
            VERB_COMPLETED,
            Activity {
                object_type: "Activity",
                id: format!("{}/parts/{part}", course_activity.id),
                definition: ActivityDefinition {
                    name: en(part_title(part)),
                    kind: TYPE_LESSON.into(),
                },
            },
            true,
        ),
        LearningRecord::PracticeCompleted { part } => (
            VERB_COMPLETED,
            Activity {
                object_type: "Activity",
                id: format!("{}/parts/{part}/practice", course_activity.id),
                definition: ActivityDefinition {
                    name: en(format!("{}: practice", part_title(part))),
                    kind: TYPE_PERFORMANCE.into(),
                },
            },
            true,
        ),
    };
    let is_course = object.id == course_activity.id;
    Statement {
        id: statement_id(input.actor, input.record, &course.slug, input.key),
        actor: input.actor.clone(),
        verb: Verb {
            id: verb.into(),
            display: en(verb_word(verb)),
        },
        object,
        result: completion.then_some(StatementResult {
            completion: true,
            extensions: None,
        }),
        context: Some(StatementContext {
            context_activities: (!is_course).then(|| ContextActivities {
                parent: vec![course_activity],
                category: vec![],
            }),
            platform: PLATFORM.into(),
            extensions: None,
        }),
        timestamp: rfc3339(input.at),
        version: XAPI_VERSION,
    }
}

fn verb_word(id: &str) -> &'static str {
    match id {
        VERB_LAUNCHED => "launched",
        VERB_EXPERIENCED => "experienced",
        _ => "completed",
    }
}

/// Unix seconds as RFC 3339 UTC; out-of-range times (never produced by a
/// real clock) fall back to the epoch rather than failing a delivery.
pub(crate) fn rfc3339(at: i64) -> String {
    DateTime::from_timestamp(at, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}
