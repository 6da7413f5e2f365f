//! Video statements as the ADL xAPI Video Profile describes them
//! (<https://w3id.org/xapi/video>, version 1.0.3): initialized, played,
//! paused, seeked and completed, with the times, the played segments and
//! the progress, all in one viewing session; and the profile's rules, to
//! check a statement before it is queued.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use uuid::Uuid;

use super::statement::{
    Activity, ActivityDefinition, Actor, ContextActivities, LanguageMap, Statement,
    StatementContext, StatementResult, Verb,
};
use super::{PLATFORM, XAPI_VERSION};
use crate::learning::Course;

pub const PROFILE: &str = "https://w3id.org/xapi/video";
pub const TYPE_VIDEO: &str = "https://w3id.org/xapi/video/activity-type/video";
pub const VERB_INITIALIZED: &str = "http://adlnet.gov/expapi/verbs/initialized";
pub const VERB_PLAYED: &str = "https://w3id.org/xapi/video/verbs/played";
pub const VERB_PAUSED: &str = "https://w3id.org/xapi/video/verbs/paused";
pub const VERB_SEEKED: &str = "https://w3id.org/xapi/video/verbs/seeked";
pub const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
const EXT: &str = "https://w3id.org/xapi/video/extensions/";

/// Watching at least this share of a video completes it.
pub const COMPLETION_THRESHOLD: f64 = 0.9;

/// One thing that happened in a viewing session. Times are seconds into
/// the video.
#[derive(Debug, Clone, PartialEq)]
pub enum VideoEvent {
    Initialized,
    Played { time: f64 },
    Paused { time: f64, segments: Segments },
    Seeked { from: f64, to: f64 },
    Completed { time: f64, segments: Segments },
}

impl VideoEvent {
    pub fn verb(&self) -> &'static str {
        match self {
            VideoEvent::Initialized => VERB_INITIALIZED,
            VideoEvent::Played { .. } => VERB_PLAYED,
            VideoEvent::Paused { .. } => VERB_PAUSED,
            VideoEvent::Seeked { .. } => VERB_SEEKED,
            VideoEvent::Completed { .. } => VERB_COMPLETED,
        }
    }

    fn word(&self) -> &'static str {
        match self {
            VideoEvent::Initialized => "initialized",
            VideoEvent::Played { .. } => "played",
            VideoEvent::Paused { .. } => "paused",
            VideoEvent::Seeked { .. } => "seeked",
            VideoEvent::Completed { .. } => "completed",
        }
    }
}

/// The parts of a video a person played: sorted, merged intervals.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Segments(Vec<(f64, f64)>);

impl Segments {
    /// From the player's list of played intervals (any order, overlapping,
    /// the wrong way round); negative or non-finite times are dropped.
    pub fn new(raw: &[(f64, f64)]) -> Self {
        let mut v: Vec<(f64, f64)> = raw
            .iter()
            .filter(|(a, b)| a.is_finite() && b.is_finite())
            .map(|&(a, b)| (a.min(b).max(0.0), a.max(b).max(0.0)))
            .filter(|(a, b)| b > a)
            .collect();
        v.sort_by(|x, y| x.0.total_cmp(&y.0));
        let mut merged: Vec<(f64, f64)> = Vec::with_capacity(v.len());
        for (a, b) in v {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        Segments(merged)
    }

    /// The share of a video of `length` seconds played, 0 to 1.
    pub fn progress(&self, length: f64) -> f64 {
        if length.is_nan() || length <= 0.0 {
            return 0.0;
        }
        let played: f64 = self
            .0
            .iter()
            .map(|(a, b)| b.min(length) - a.min(length))
            .sum();
        ((played / length) * 1000.0).round() / 1000.0
    }

    /// The profile's format: `0[.]5.5[,]10[.]12`.
    pub fn to_profile(&self) -> String {
        self.0
            .iter()
            .map(|(a, b)| format!("{}[.]{}", secs(*a), secs(*b)))
            .collect::<Vec<_>>()
            .join("[,]")
    }
}

/// Seconds with at most three decimals, as the profile's examples write them.
fn secs(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// What one video statement is about.
#[derive(Debug, Clone)]
pub struct VideoInput<'a> {
    pub base_url: &'a str,
    pub actor: &'a Actor,
    pub course: &'a Course,
    /// The part whose video it is; `None` for the course's preview.
    pub part: Option<u8>,
    /// The viewing session: one page load of the player.
    pub session: Uuid,
    /// The video's length in seconds.
    pub length: f64,
    /// The event's number within the session, for a stable statement id.
    pub seq: u32,
    pub event: VideoEvent,
    /// Unix seconds.
    pub at: i64,
}

fn en(text: impl Into<String>) -> LanguageMap {
    BTreeMap::from([("en-US".to_string(), text.into())])
}

/// The video statement for one event of a viewing session.
pub fn video_statement(input: &VideoInput) -> Statement {
    let base = input.base_url.trim_end_matches('/');
    let course = input.course;
    let course_id = format!("{base}/courses/{}", course.slug);
    let (video_id, title) = match input.part {
        Some(n) => (
            format!("{course_id}/parts/{n}/video"),
            course
                .part(n)
                .map_or_else(|| format!("Part {n}"), |p| format!("Part {n}: {}", p.title)),
        ),
        None => (
            format!("{course_id}/preview/video"),
            format!("{}: preview", course.title),
        ),
    };
    let mut result: BTreeMap<String, Value> = BTreeMap::new();
    let mut completion = None;
    match &input.event {
        VideoEvent::Initialized => {}
        VideoEvent::Played { time } => {
            result.insert(format!("{EXT}time"), json!(secs(*time)));
        }
        VideoEvent::Paused { time, segments } | VideoEvent::Completed { time, segments } => {
            result.insert(format!("{EXT}time"), json!(secs(*time)));
            result.insert(
                format!("{EXT}played-segments"),
                json!(segments.to_profile()),
            );
            result.insert(
                format!("{EXT}progress"),
                json!(segments.progress(input.length)),
            );
            if matches!(input.event, VideoEvent::Completed { .. }) {
                completion = Some(true);
            }
        }
        VideoEvent::Seeked { from, to } => {
            result.insert(format!("{EXT}time-from"), json!(secs(*from)));
            result.insert(format!("{EXT}time-to"), json!(secs(*to)));
        }
    }
    let mut context: BTreeMap<String, Value> =
        BTreeMap::from([(format!("{EXT}session-id"), json!(input.session.to_string()))]);
    if input.event == VideoEvent::Initialized {
        context.insert(format!("{EXT}length"), json!(secs(input.length)));
        context.insert(
            format!("{EXT}completion-threshold"),
            json!(COMPLETION_THRESHOLD),
        );
    }
    let name = format!("{}:{}:{}", input.actor.id(), input.session, input.seq);
    Statement {
        id: Uuid::new_v5(
            &Uuid::NAMESPACE_URL,
            format!("{video_id}#{name}").as_bytes(),
        ),
        actor: input.actor.clone(),
        verb: Verb {
            id: input.event.verb().into(),
            display: en(input.event.word()),
        },
        object: Activity {
            object_type: "Activity",
            id: video_id,
            definition: ActivityDefinition {
                name: en(title),
                kind: TYPE_VIDEO.into(),
            },
        },
        result: (!result.is_empty() || completion.is_some()).then(|| StatementResult {
            completion: completion.unwrap_or(false),
            extensions: (!result.is_empty()).then_some(result),
        }),
        context: Some(StatementContext {
            context_activities: Some(ContextActivities {
                parent: vec![Activity {
                    object_type: "Activity",
                    id: course_id,
                    definition: ActivityDefinition {
                        name: en(&course.title),
                        kind: super::TYPE_COURSE.into(),
                    },
                }],
                category: vec![Activity {
                    object_type: "Activity",
                    id: PROFILE.into(),
                    definition: ActivityDefinition {
                        name: en("xAPI Video Profile"),
                        kind: "http://adlnet.gov/expapi/activities/profile".into(),
                    },
                }],
            }),
            platform: PLATFORM.into(),
            extensions: Some(context),
        }),
        timestamp: super::statement::rfc3339(input.at),
        version: XAPI_VERSION,
    }
}

/// Checks a statement against the Video Profile's rules: the verb is one
/// of the profile's, the object is a video, the profile is in the
/// category, every statement has its session, `initialized` has the length,
/// `played`/`paused`/`completed` the time, `seeked` both times, `paused` and
/// `completed` the played segments and a progress from 0 to 1, and
/// `completed` says completion.
pub fn validate_video_statement(v: &Value) -> Result<(), String> {
    super::validate_statement(v)?;
    let verb = v["verb"]["id"].as_str().unwrap_or_default();
    let known = [
        VERB_INITIALIZED,
        VERB_PLAYED,
        VERB_PAUSED,
        VERB_SEEKED,
        VERB_COMPLETED,
    ];
    if !known.contains(&verb) {
        return Err(format!("verb `{verb}` is not one of the Video Profile's"));
    }
    if v["object"]["definition"]["type"] != TYPE_VIDEO {
        return Err("the object is not a video activity".into());
    }
    let category = v["context"]["contextActivities"]["category"].as_array();
    if !category.is_some_and(|c| c.iter().any(|a| a["id"] == PROFILE)) {
        return Err("the Video Profile is not in context.contextActivities.category".into());
    }
    let ctx = &v["context"]["extensions"];
    if !ctx[format!("{EXT}session-id")].is_string() {
        return Err("context extension session-id is missing".into());
    }
    let result = &v["result"]["extensions"];
    let number = |key: &str| result[format!("{EXT}{key}")].as_f64();
    let need = |ok: bool, what: &str| {
        if ok {
            Ok(())
        } else {
            Err(format!("{verb}: {what}"))
        }
    };
    match verb {
        VERB_INITIALIZED => need(
            ctx[format!("{EXT}length")]
                .as_f64()
                .is_some_and(|l| l >= 0.0),
            "context extension length is missing",
        ),
        VERB_PLAYED => need(number("time").is_some(), "result extension time is missing"),
        VERB_SEEKED => need(
            number("time-from").is_some() && number("time-to").is_some(),
            "result extensions time-from and time-to are missing",
        ),
        _ => {
            need(number("time").is_some(), "result extension time is missing")?;
            need(
                result[format!("{EXT}played-segments")].is_string(),
                "result extension played-segments is missing",
            )?;
            need(
                number("progress").is_some_and(|p| (0.0..=1.0).contains(&p)),
                "result extension progress is not from 0 to 1",
            )?;
            need(
                verb != VERB_COMPLETED || v["result"]["completion"] == true,
                "result.completion is not true",
            )
        }
    }
}
