//! Checks a statement against the xAPI 1.0.3 rules an LRS enforces, so a
//! mistake is caught in tests and before sending, not as a 400 from an LRS
//! that then holds the delivery queue.

use serde_json::{Map, Value};
use uuid::Uuid;

/// The properties a statement may have (xAPI 1.0.3, 2.2).
const STATEMENT_KEYS: [&str; 11] = [
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
];

/// The inverse functional identifiers of an agent (xAPI 1.0.3, 2.4.2.3).
const IFIS: [&str; 4] = ["mbox", "mbox_sha1sum", "openid", "account"];

/// `Ok` when the statement has the required properties in the right shape:
/// a UUID id, an actor with exactly one inverse functional identifier, a
/// verb and an object with IRI ids, a parseable timestamp and a 1.0.x
/// version; no unknown top-level property; result and context, if present,
/// are well formed.
pub fn validate_statement(v: &Value) -> Result<(), String> {
    let s = object(v, "statement")?;
    if let Some(key) = s.keys().find(|k| !STATEMENT_KEYS.contains(&k.as_str())) {
        return Err(format!("unknown statement property `{key}`"));
    }
    let id = string(s.get("id"), "id")?;
    Uuid::parse_str(id).map_err(|_| format!("id `{id}` is not a UUID"))?;
    actor(s.get("actor"))?;
    let verb = object_at(s.get("verb"), "verb")?;
    iri(verb.get("id"), "verb.id")?;
    if let Some(display) = verb.get("display") {
        language_map(display, "verb.display")?;
    }
    activity(s.get("object"), "object")?;
    let timestamp = string(s.get("timestamp"), "timestamp")?;
    chrono::DateTime::parse_from_rfc3339(timestamp)
        .map_err(|e| format!("timestamp `{timestamp}` is not RFC 3339: {e}"))?;
    let version = string(s.get("version"), "version")?;
    if !version.starts_with("1.0.") {
        return Err(format!("version `{version}` is not 1.0.x"));
    }
    if let Some(result) = s.get("result") {
        let result = object(result, "result")?;
        if result.get("completion").is_some_and(|c| !c.is_boolean()) {
            return Err("result.completion is not a boolean".into());
        }
    }
    if let Some(context) = s.get("context") {
        context_(context)?;
    }
    Ok(())
}

fn object<'a>(v: &'a Value, what: &str) -> Result<&'a Map<String, Value>, String> {
    v.as_object()
        .ok_or_else(|| format!("{what} is not an object"))
}

fn object_at<'a>(v: Option<&'a Value>, what: &str) -> Result<&'a Map<String, Value>, String> {
    object(v.ok_or_else(|| format!("{what} is missing"))?, what)
}

fn string<'a>(v: Option<&'a Value>, what: &str) -> Result<&'a str, String> {
    v.ok_or_else(|| format!("{what} is missing"))?
        .as_str()
        .ok_or_else(|| format!("{what} is not a string"))
}

/// An absolute IRI: a scheme (RFC 3987: a letter, then letters, digits,
/// `+`, `-`, `.`), a colon, and something after it, without spaces.
fn iri(v: Option<&Value>, what: &str) -> Result<(), String> {
    let s = string(v, what)?;
    let ok = s.split_once(':').is_some_and(|(scheme, rest)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !rest.is_empty()
    }) && !s.chars().any(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err(format!("{what} `{s}` is not an IRI"))
    }
}

fn language_map(v: &Value, what: &str) -> Result<(), String> {
    let map = object(v, what)?;
    if map.values().all(Value::is_string) {
        Ok(())
    } else {
        Err(format!("{what} is not a language map"))
    }
}

fn actor(v: Option<&Value>) -> Result<(), String> {
    let a = object_at(v, "actor")?;
    match a.get("objectType").and_then(Value::as_str) {
        None | Some("Agent") => {}
        Some(other) => return Err(format!("actor.objectType `{other}` is not Agent")),
    }
    let found: Vec<&str> = IFIS.into_iter().filter(|k| a.contains_key(*k)).collect();
    match found.as_slice() {
        ["mbox"] => {
            let mbox = string(a.get("mbox"), "actor.mbox")?;
            let address = mbox.strip_prefix("mailto:").unwrap_or("");
            if !address.contains('@') {
                return Err(format!("actor.mbox `{mbox}` is not a mailto: IRI"));
            }
        }
        ["account"] => {
            let account = object_at(a.get("account"), "actor.account")?;
            iri(account.get("homePage"), "actor.account.homePage")?;
            string(account.get("name"), "actor.account.name")?;
        }
        [_] => {}
        [] => return Err("actor has no inverse functional identifier".into()),
        many => {
            return Err(format!(
                "actor has {} inverse functional identifiers",
                many.len()
            ));
        }
    }
    Ok(())
}

fn activity(v: Option<&Value>, what: &str) -> Result<(), String> {
    let a = object_at(v, what)?;
    match a.get("objectType").and_then(Value::as_str) {
        None | Some("Activity") => {}
        Some(other) => return Err(format!("{what}.objectType `{other}` is not Activity")),
    }
    iri(a.get("id"), &format!("{what}.id"))?;
    if let Some(definition) = a.get("definition") {
        let d = object(definition, &format!("{what}.definition"))?;
        if let Some(name) = d.get("name") {
            language_map(name, &format!("{what}.definition.name"))?;
        }
        if d.contains_key("type") {
            iri(d.get("type"), &format!("{what}.definition.type"))?;
        }
    }
    Ok(())
}

fn context_(v: &Value) -> Result<(), String> {
    let c = object(v, "context")?;
    if let Some(platform) = c.get("platform") {
        platform
            .as_str()
            .ok_or("context.platform is not a string")?;
    }
    let Some(activities) = c.get("contextActivities") else {
        return Ok(());
    };
    for (kind, list) in object(activities, "context.contextActivities")? {
        if !["parent", "grouping", "category", "other"].contains(&kind.as_str()) {
            return Err(format!("unknown contextActivities key `{kind}`"));
        }
        let what = format!("context.contextActivities.{kind}");
        match list {
            Value::Array(items) => {
                for item in items {
                    activity(Some(item), &what)?;
                }
            }
            single => activity(Some(single), &what)?,
        }
    }
    Ok(())
}
