//! xAPI statements: the spec's shape (checked by `validate_statement`),
//! ids that survive a resend, and the organization's choice of actor.

use rapport_core::learning::Course;
use rapport_core::learning::xapi::{
    Actor, LearningRecord, StatementInput, TYPE_COURSE, TYPE_LESSON, TYPE_PERFORMANCE,
    VERB_COMPLETED, VERB_LAUNCHED, statement, validate_statement,
};
use serde_json::{Value, json};

use super::learning::fixture;

const BASE: &str = "https://rapport.example.com/";
const AT: i64 = 1_700_000_000;

fn email() -> Actor {
    Actor::Email("ada@example.com".into())
}

fn opaque() -> Actor {
    Actor::Account {
        home_page: "https://rapport.example.com".into(),
        name: "p-7f3a".into(),
    }
}

fn build(course: &Course, actor: &Actor, record: LearningRecord, key: &str) -> Value {
    let s = statement(&StatementInput {
        base_url: BASE,
        actor,
        course,
        record,
        at: AT,
        key,
    });
    serde_json::to_value(&s).expect("json")
}

const RECORDS: [LearningRecord; 4] = [
    LearningRecord::Launched,
    LearningRecord::LessonCompleted { part: 2 },
    LearningRecord::PracticeCompleted { part: 3 },
    LearningRecord::CourseCompleted,
];

/// Every learning event yields a statement the validator accepts, for both actors.
#[test]
fn every_statement_is_valid_xapi() {
    let course = fixture();
    for actor in [email(), opaque()] {
        for record in RECORDS {
            let v = build(&course, &actor, record, "k1");
            validate_statement(&v).unwrap_or_else(|e| panic!("{record:?}: {e}\n{v:#}"));
            assert_eq!(v["version"], "1.0.3");
            assert_eq!(v["timestamp"], "2023-11-14T22:13:20Z");
            assert_eq!(v["context"]["platform"], "rapport");
        }
    }
}

/// Verbs, activity ids and types, results and parents, exactly.
#[test]
fn statements_have_the_documented_verbs_objects_and_context() {
    let course = fixture();
    let course_id = "https://rapport.example.com/courses/mini";
    let launched = build(&course, &email(), LearningRecord::Launched, "e1");
    assert_eq!(
        launched["verb"],
        json!({"id": VERB_LAUNCHED, "display": {"en-US": "launched"}})
    );
    assert_eq!(
        launched["object"],
        json!({"objectType": "Activity", "id": course_id,
               "definition": {"name": {"en-US": "Mini: a course for tests"}, "type": TYPE_COURSE}})
    );
    assert!(launched.get("result").is_none());
    assert!(launched["context"].get("contextActivities").is_none());

    let lesson = build(
        &course,
        &email(),
        LearningRecord::LessonCompleted { part: 2 },
        "p2",
    );
    assert_eq!(lesson["verb"]["id"], VERB_COMPLETED);
    assert_eq!(lesson["object"]["id"], format!("{course_id}/parts/2"));
    assert_eq!(lesson["object"]["definition"]["type"], TYPE_LESSON);
    assert_eq!(
        lesson["object"]["definition"]["name"]["en-US"],
        "Part 2: Be the first to trust"
    );
    assert_eq!(lesson["result"], json!({"completion": true}));
    assert_eq!(
        lesson["context"]["contextActivities"]["parent"][0]["id"],
        course_id
    );

    let practice = build(
        &course,
        &email(),
        LearningRecord::PracticeCompleted { part: 3 },
        "p3",
    );
    assert_eq!(
        practice["object"]["id"],
        format!("{course_id}/parts/3/practice")
    );
    assert_eq!(practice["object"]["definition"]["type"], TYPE_PERFORMANCE);
    assert_eq!(practice["result"], json!({"completion": true}));

    let done = build(&course, &email(), LearningRecord::CourseCompleted, "c");
    assert_eq!(done["object"]["id"], course_id);
    assert_eq!(done["result"], json!({"completion": true}));
}

/// A practice statement says which part, nothing about what was done or with whom.
#[test]
fn a_practice_statement_carries_no_practice_content() {
    let course = fixture();
    let v = build(
        &course,
        &opaque(),
        LearningRecord::PracticeCompleted { part: 1 },
        "p1",
    );
    let text = v.to_string();
    let mut keys: Vec<&String> = v.as_object().expect("object").keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "actor",
            "context",
            "id",
            "object",
            "result",
            "timestamp",
            "verb",
            "version"
        ]
    );
    assert!(!text.contains(&course.parts[0].practice_text));
    assert!(!text.contains("ada@"));
}

/// The organization chooses email or an opaque account; each has one identifier.
#[test]
fn the_actor_is_an_email_or_an_opaque_account() {
    let course = fixture();
    let by_email = build(&course, &email(), LearningRecord::Launched, "e");
    assert_eq!(
        by_email["actor"],
        json!({"objectType": "Agent", "mbox": "mailto:ada@example.com"})
    );
    let by_account = build(&course, &opaque(), LearningRecord::Launched, "e");
    assert_eq!(
        by_account["actor"],
        json!({"objectType": "Agent", "account": {"homePage": "https://rapport.example.com", "name": "p-7f3a"}})
    );
    assert!(!by_account.to_string().contains("mbox"));
}

/// The same event gives the same id (a resend is harmless); any difference changes it.
#[test]
fn statement_ids_are_deterministic() {
    let course = fixture();
    let id = |actor: &Actor, record, key| build(&course, actor, record, key)["id"].clone();
    let first = id(&email(), LearningRecord::LessonCompleted { part: 2 }, "k");
    assert_eq!(
        first,
        id(&email(), LearningRecord::LessonCompleted { part: 2 }, "k")
    );
    let uuid = uuid::Uuid::parse_str(first.as_str().expect("string")).expect("uuid");
    assert_eq!(uuid.get_version_num(), 5);
    let others = [
        id(&opaque(), LearningRecord::LessonCompleted { part: 2 }, "k"),
        id(&email(), LearningRecord::LessonCompleted { part: 3 }, "k"),
        id(&email(), LearningRecord::PracticeCompleted { part: 2 }, "k"),
        id(&email(), LearningRecord::LessonCompleted { part: 2 }, "k2"),
    ];
    for other in others {
        assert_ne!(first, other);
    }
}

/// A change that breaks a statement.
type Breaks = fn(&mut Value);

/// The validator refuses what an LRS would refuse.
#[test]
fn the_validator_rejects_malformed_statements() {
    let good = build(
        &fixture(),
        &email(),
        LearningRecord::LessonCompleted { part: 1 },
        "k",
    );
    assert_eq!(validate_statement(&good), Ok(()));
    let broken: [(&str, Breaks); 10] = [
        ("not a UUID", |v| v["id"] = json!("123")),
        ("is missing", |v| {
            v.as_object_mut().map(|o| o.remove("id"));
        }),
        ("2 inverse functional identifiers", |v| {
            v["actor"]["openid"] = json!("https://id.example.com/ada")
        }),
        ("no inverse functional identifier", |v| {
            v["actor"] = json!({"objectType": "Agent", "name": "Ada"})
        }),
        ("not a mailto", |v| {
            v["actor"]["mbox"] = json!("ada@example.com")
        }),
        ("verb.id", |v| v["verb"]["id"] = json!("completed")),
        ("object.id", |v| v["object"]["id"] = json!("not an iri")),
        ("RFC 3339", |v| v["timestamp"] = json!("yesterday")),
        ("version", |v| v["version"] = json!("2.0.0")),
        ("unknown statement property", |v| v["learner"] = json!("x")),
    ];
    for (words, breaks) in broken {
        let mut v = good.clone();
        breaks(&mut v);
        let err = validate_statement(&v).expect_err(words);
        assert!(err.contains(words), "{words}: {err}");
    }
}

// --- The ADL xAPI Video Profile ---------------------------------------------

use rapport_core::learning::xapi::{
    Segments, VideoEvent, VideoInput, validate_video_statement, video_statement,
};
use uuid::Uuid;

fn input<'a>(course: &'a Course, actor: &'a Actor, event: VideoEvent) -> VideoInput<'a> {
    VideoInput {
        base_url: "https://rapport.example/",
        actor,
        course,
        part: Some(2),
        session: Uuid::from_u128(7),
        length: 120.0,
        seq: 3,
        event,
        at: 1_800_000_000,
    }
}

fn every_event() -> Vec<VideoEvent> {
    let seg = Segments::new(&[(0.0, 60.0), (50.0, 110.0)]);
    vec![
        VideoEvent::Initialized,
        VideoEvent::Played { time: 0.0 },
        VideoEvent::Seeked {
            from: 30.0,
            to: 50.0,
        },
        VideoEvent::Paused {
            time: 60.5,
            segments: seg.clone(),
        },
        VideoEvent::Completed {
            time: 110.0,
            segments: seg,
        },
    ]
}

/// Every event makes a statement the Video Profile's rules accept.
#[test]
fn every_event_makes_a_valid_video_statement() {
    let course = fixture();
    let actor = Actor::Email("ada@example.com".into());
    for e in every_event() {
        let s = serde_json::to_value(video_statement(&input(&course, &actor, e.clone()))).unwrap();
        validate_video_statement(&s).unwrap_or_else(|err| panic!("{e:?}: {err}\n{s:#}"));
        assert_eq!(
            s["object"]["id"],
            "https://rapport.example/courses/mini/parts/2/video"
        );
    }
}

/// A statement missing what the profile asks for is refused, by name.
#[test]
fn a_statement_missing_a_profile_field_is_refused() {
    let course = fixture();
    let actor = Actor::Email("ada@example.com".into());
    let paused = every_event().remove(3);
    let good = serde_json::to_value(video_statement(&input(&course, &actor, paused))).unwrap();
    type Break = fn(&mut Value);
    let cases: [(&str, Break); 4] = [
        ("session-id", |s| {
            s["context"]["extensions"].as_object_mut().unwrap().clear();
        }),
        ("played-segments", |s| {
            s["result"]["extensions"]
                .as_object_mut()
                .unwrap()
                .remove("https://w3id.org/xapi/video/extensions/played-segments");
        }),
        ("progress", |s| {
            s["result"]["extensions"]["https://w3id.org/xapi/video/extensions/progress"] =
                json!(1.5);
        }),
        ("category", |s| {
            s["context"]["contextActivities"]["category"] = json!([]);
        }),
    ];
    for (what, break_it) in cases {
        let mut bad = good.clone();
        break_it(&mut bad);
        let err = validate_video_statement(&bad).unwrap_err();
        assert!(err.contains(what), "{what}: {err}");
    }
}

/// Played segments merge, and progress counts each second once.
#[test]
fn segments_merge_and_progress_counts_each_second_once() {
    let s = Segments::new(&[(50.0, 110.0), (0.0, 60.0), (90.0, 80.0), (-5.0, f64::NAN)]);
    assert_eq!(s.to_profile(), "0[.]110");
    assert_eq!(s.progress(110.0), 1.0);
    assert_eq!(s.progress(220.0), 0.5);
    assert_eq!(
        Segments::new(&[(0.0, 10.0), (20.0, 30.5)]).to_profile(),
        "0[.]10[,]20[.]30.5"
    );
    assert_eq!(Segments::default().progress(0.0), 0.0);
}

/// The same event of the same session is the same statement (a resend
/// is recognized); another session's is another.
#[test]
fn a_statement_id_is_stable_per_session_and_event() {
    let course = fixture();
    let actor = Actor::Email("ada@example.com".into());
    let a = video_statement(&input(&course, &actor, VideoEvent::Initialized));
    let b = video_statement(&input(&course, &actor, VideoEvent::Initialized));
    let mut other = input(&course, &actor, VideoEvent::Initialized);
    other.session = Uuid::from_u128(8);
    assert_eq!(a.id, b.id);
    assert_ne!(a.id, video_statement(&other).id);
}
