//! Importing people from CSV (`name,email,title,team,manager_email,role`),
//! for the CLI and the admin page alike. A file is read whole and checked
//! whole: every problem is listed by line number (the header is line 1),
//! and nothing is written unless there are none.

use rapport_core::{Email, Name, Role, Title};
use rapport_store::{ExistingPerson, ImportPerson, ImportSummary, Store};
use serde::Serialize;
use std::collections::HashMap;

pub const COLUMNS: [&str; 6] = ["name", "email", "title", "team", "manager_email", "role"];
/// The longest field we accept; anything longer is surely not a name.
const MAX_FIELD_BYTES: usize = 1_000;

/// One thing wrong with a file, at one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub line: u64,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// What an import would do to one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub line: u64,
    pub email: String,
    pub name: String,
    /// `create`, `update` or `unchanged`.
    pub action: &'static str,
    /// For an update, what changes: `title: "" → "Engineer"`.
    pub details: Vec<String>,
}

/// A checked file: the rows to write and what they change.
#[derive(Debug, Clone)]
pub struct Plan {
    pub rows: Vec<ImportPerson>,
    pub changes: Vec<Change>,
}

impl Plan {
    pub fn count(&self, action: &str) -> usize {
        self.changes.iter().filter(|c| c.action == action).count()
    }
}

/// A row that parsed, with its line for later checks.
struct Row {
    line: u64,
    person: ImportPerson,
}

/// Reads and checks a file against the organization as it is now.
pub async fn plan(
    store: &Store,
    org: rapport_core::OrgId,
    bytes: &[u8],
) -> anyhow::Result<Result<Plan, Vec<Problem>>> {
    let (rows, mut problems) = parse(bytes);
    let existing = store.people_by_email(org).await?;
    let emails: Vec<&str> = rows.iter().map(|r| r.person.email.as_str()).collect();
    let taken: std::collections::HashSet<String> = store
        .emails_taken_elsewhere(org, &emails)
        .await?
        .into_iter()
        .collect();
    for r in &rows {
        if taken.contains(r.person.email.as_str()) {
            problems.push(Problem {
                line: r.line,
                message: format!("email {} is already in use", r.person.email),
            });
        }
    }
    problems.extend(check_managers(&rows, &existing));
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Ok(Err(problems));
    }
    let changes = rows
        .iter()
        .map(|r| change(r, existing.get(r.person.email.as_str())))
        .collect();
    Ok(Ok(Plan {
        rows: rows.into_iter().map(|r| r.person).collect(),
        changes,
    }))
}

/// Writes a checked plan in one transaction.
pub async fn apply(
    store: &Store,
    org: rapport_core::OrgId,
    plan: &Plan,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<ImportSummary> {
    Ok(store.import_people(org, &plan.rows, now).await?)
}

/// What an admin's import did (or, for a dry run, would do).
#[derive(Debug)]
pub enum Imported {
    /// The file is sound: its plan, and what was written (none for a dry run).
    Done {
        plan: Plan,
        written: Option<ImportSummary>,
    },
    /// The file has problems, each by line; nothing was written.
    Refused(Vec<Problem>),
}

/// Checks a file and, unless it is a dry run, writes it all or nothing
/// (admins), audited.
pub async fn import_people(
    app: &crate::AppState,
    admin: &super::Actor,
    bytes: &[u8],
    dry_run: bool,
) -> super::AppResult<Imported> {
    admin.require_admin()?;
    let org = admin.org();
    let plan = match plan(&app.store, org, bytes)
        .await
        .map_err(super::AppError::internal)?
    {
        Ok(plan) => plan,
        Err(problems) => return Ok(Imported::Refused(problems)),
    };
    if dry_run {
        return Ok(Imported::Done {
            plan,
            written: None,
        });
    }
    let now = app.now();
    let summary = apply(&app.store, org, &plan, now)
        .await
        .map_err(super::AppError::internal)?;
    let detail = format!("{} created, {} updated", summary.created, summary.updated);
    app.store
        .record_audit(
            org,
            Some(admin.id()),
            "people.import",
            "people",
            &detail,
            now,
        )
        .await?;
    Ok(Imported::Done {
        plan,
        written: Some(summary),
    })
}

/// Parses every line, collecting every problem rather than stopping at one.
fn parse(bytes: &[u8]) -> (Vec<Row>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        None => {
            return (
                rows,
                vec![Problem {
                    line: 1,
                    message: format!(
                        "the file is empty; expected a header: {}",
                        COLUMNS.join(",")
                    ),
                }],
            );
        }
        Some(Err(e)) => {
            return (
                rows,
                vec![Problem {
                    line: 1,
                    message: format!("cannot read the header: {e}"),
                }],
            );
        }
        Some(Ok(h)) => h,
    };
    let header: Vec<String> = header
        .iter()
        .map(|f| {
            String::from_utf8_lossy(f)
                .trim()
                .trim_start_matches('\u{feff}')
                .to_lowercase()
        })
        .collect();
    let mut index = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        if !COLUMNS.contains(&name.as_str()) {
            problems.push(Problem {
                line: 1,
                message: format!(
                    "unknown column `{name}`; the columns are {}",
                    COLUMNS.join(",")
                ),
            });
        } else if index.insert(name.clone(), i).is_some() {
            problems.push(Problem {
                line: 1,
                message: format!("column `{name}` appears twice"),
            });
        }
    }
    for required in ["name", "email"] {
        if !index.contains_key(required) {
            problems.push(Problem {
                line: 1,
                message: format!("missing column `{required}`"),
            });
        }
    }
    if !problems.is_empty() {
        return (rows, problems);
    }
    let mut seen: HashMap<String, u64> = HashMap::new();
    // Lines are counted from byte offsets: the csv reader skips blank lines
    // without counting them, and people look for the line in an editor.
    let newlines: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
        .collect();
    // A record's position may point at the blank lines before it: skip them.
    let line_at = |byte: u64| {
        let start = (byte as usize).min(bytes.len());
        let skip = bytes[start..]
            .iter()
            .take_while(|b| **b == b'\n' || **b == b'\r')
            .count();
        newlines.partition_point(|&n| n < start + skip) as u64 + 1
    };
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte()));
                problems.push(Problem {
                    line,
                    message: format!("cannot read this line: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // a blank line
        }
        if record.len() != header.len() {
            problems.push(Problem {
                line,
                message: format!("expected {} fields, found {}", header.len(), record.len()),
            });
            continue;
        }
        match parse_row(&record, &index) {
            Ok(person) => {
                if let Some(first) = seen.insert(person.email.to_string(), line) {
                    problems.push(Problem {
                        line,
                        message: format!(
                            "email {} appears twice (first on line {first})",
                            person.email
                        ),
                    });
                }
                rows.push(Row { line, person });
            }
            Err(messages) => problems.extend(
                messages
                    .into_iter()
                    .map(|message| Problem { line, message }),
            ),
        }
    }
    (rows, problems)
}

fn parse_row(
    record: &csv::ByteRecord,
    index: &HashMap<String, usize>,
) -> Result<ImportPerson, Vec<String>> {
    let mut errors = Vec::new();
    let mut field = |name: &str| -> Option<String> {
        let bytes = record.get(*index.get(name)?)?;
        if bytes.len() > MAX_FIELD_BYTES {
            errors.push(format!(
                "{name} is {} bytes long; at most {MAX_FIELD_BYTES}",
                bytes.len()
            ));
            return None;
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Some(s.trim().to_string()),
            Err(_) => {
                errors.push(format!(
                    "{name} is not valid UTF-8 text; save the file as UTF-8"
                ));
                None
            }
        }
    };
    let (name, email, title, team, manager, role) = (
        field("name"),
        field("email"),
        field("title"),
        field("team"),
        field("manager_email"),
        field("role"),
    );
    let name = name.map(|n| keep(&mut errors, Name::parse(&n)));
    let email = email.map(|e| keep(&mut errors, Email::parse(&e)));
    let title = keep(&mut errors, Title::parse(title.as_deref().unwrap_or("")));
    let team = team
        .filter(|t| !t.is_empty())
        .map(|t| keep(&mut errors, Name::parse_field("team", &t)));
    let manager = manager.filter(|m| !m.is_empty()).map(|m| {
        keep(
            &mut errors,
            Email::parse(&m)
                .map_err(|e| rapport_core::InvalidValue::new("manager_email", e.reason)),
        )
    });
    let role = role
        .filter(|r| !r.is_empty())
        .map(|r| keep(&mut errors, Role::parse(&r)));
    match (name.flatten(), email.flatten(), title) {
        (Some(name), Some(email), Some(title)) if errors.is_empty() => Ok(ImportPerson {
            name,
            email,
            title,
            team: team.flatten(),
            manager_email: manager.flatten(),
            role: role.flatten(),
            extra: None,
        }),
        _ => Err(errors),
    }
}

/// The value, or `None` with its problem noted.
fn keep<T>(errors: &mut Vec<String>, r: Result<T, rapport_core::InvalidValue>) -> Option<T> {
    r.map_err(|e| errors.push(e.to_string())).ok()
}

/// Managers must be known (in the file or the organization) and reporting
/// lines must not loop, counting the organization's current lines too.
fn check_managers(rows: &[Row], existing: &HashMap<String, ExistingPerson>) -> Vec<Problem> {
    let mut manager_of: HashMap<&str, Option<&str>> = existing
        .iter()
        .map(|(e, p)| (e.as_str(), p.manager_email.as_deref()))
        .collect();
    for r in rows {
        manager_of.insert(
            r.person.email.as_str(),
            r.person.manager_email.as_ref().map(|m| m.as_str()),
        );
    }
    let mut problems = Vec::new();
    for r in rows {
        let Some(manager) = &r.person.manager_email else {
            continue;
        };
        if !manager_of.contains_key(manager.as_str()) {
            problems.push(Problem {
                line: r.line,
                message: format!(
                    "manager {manager} is neither in the file nor in the organization"
                ),
            });
            continue;
        }
        let start = r.person.email.as_str();
        let mut chain = vec![start];
        let mut current = Some(manager.as_str());
        while let Some(m) = current {
            if m == start {
                chain.push(m);
                problems.push(Problem {
                    line: r.line,
                    message: format!("reporting lines loop: {}", chain.join(" → ")),
                });
                break;
            }
            if chain.contains(&m) || chain.len() > manager_of.len() {
                break; // a loop that does not include this row: reported on its own rows
            }
            chain.push(m);
            current = manager_of.get(m).copied().flatten();
        }
    }
    problems
}

fn change(r: &Row, before: Option<&ExistingPerson>) -> Change {
    let p = &r.person;
    let mut details = Vec::new();
    let action = match before {
        None => "create",
        Some(b) => {
            let mut diff = |what: &str, old: &str, new: &str| {
                if old != new {
                    details.push(format!("{what}: \"{old}\" → \"{new}\""));
                }
            };
            diff("name", &b.name, p.name.as_str());
            diff("title", &b.title, p.title.as_str());
            diff(
                "team",
                b.team.as_deref().unwrap_or(""),
                p.team.as_ref().map_or("", |t| t.as_str()),
            );
            diff(
                "manager",
                b.manager_email.as_deref().unwrap_or(""),
                p.manager_email.as_ref().map_or("", |m| m.as_str()),
            );
            if let Some(role) = p.role {
                diff("role", b.role.as_str(), role.as_str());
            }
            if details.is_empty() {
                "unchanged"
            } else {
                "update"
            }
        }
    };
    Change {
        line: r.line,
        email: p.email.to_string(),
        name: p.name.to_string(),
        action,
        details,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(csv: &[u8]) -> Vec<String> {
        let (_, p) = parse(csv);
        p.iter().map(ToString::to_string).collect()
    }

    /// A good file parses into rows with their values.
    #[test]
    fn a_good_file_parses() {
        let (rows, p) = parse(b"name,email,title,team,manager_email,role\nAda,ada@x.example,CTO,Eng,,admin\n\nBo,bo@x.example,,Eng,ada@x.example,\n");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[0].person.role, Some(Role::Admin));
    }

    /// Every bad row is reported with its line, not only the first.
    #[test]
    fn every_problem_is_reported_with_its_line() {
        let p = problems(b"name,email,title,team,manager_email,role\n,a@x.example,,,,\nB,not-an-email,,,,\nC,c@x.example,,,,boss\nD,d@x.example\nE,c@x.example,,,,\n");
        assert_eq!(
            p,
            vec![
                "line 2: name: must not be empty",
                "line 3: email: must look like name@example.com",
                "line 4: role: `boss` is not a role; use member, lead or admin",
                "line 5: expected 6 fields, found 2",
            ]
        );
    }

    /// A missing column, an empty file and an unknown column are header problems.
    #[test]
    fn header_problems_are_on_line_one() {
        assert_eq!(
            problems(b"name,title\nA,B\n"),
            vec!["line 1: missing column `email`"]
        );
        assert!(problems(b"")[0].starts_with("line 1: the file is empty"));
        assert!(problems(b"name,email,shoe_size\n")[0].contains("unknown column `shoe_size`"));
    }

    /// A line that is not UTF-8 and an enormous field are refused by line.
    #[test]
    fn invalid_utf8_and_huge_fields_are_refused() {
        let mut file = b"name,email\nA\xff\xfe,a@x.example\n".to_vec();
        file.extend_from_slice(
            format!("{},b@x.example\n", "x".repeat(10 * 1024 * 1024)).as_bytes(),
        );
        let p = problems(&file);
        assert_eq!(
            p[0],
            "line 2: name is not valid UTF-8 text; save the file as UTF-8"
        );
        assert_eq!(p[1], "line 3: name is 10485760 bytes long; at most 1000");
    }

    /// The same email twice in a file names both lines.
    #[test]
    fn a_duplicate_email_names_the_first_line() {
        let p = problems(b"name,email\nA,a@x.example\nB,A@X.example\n");
        assert_eq!(
            p,
            vec!["line 3: email a@x.example appears twice (first on line 2)"]
        );
    }

    /// Unknown managers and loops in the reporting lines are found.
    #[test]
    fn unknown_managers_and_cycles_are_found() {
        let (rows, _) = parse(b"name,email,manager_email\nA,a@x.example,b@x.example\nB,b@x.example,a@x.example\nC,c@x.example,zed@x.example\n");
        let p: Vec<String> = check_managers(&rows, &HashMap::new())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            p,
            vec![
                "line 2: reporting lines loop: a@x.example → b@x.example → a@x.example",
                "line 3: reporting lines loop: b@x.example → a@x.example → b@x.example",
                "line 4: manager zed@x.example is neither in the file nor in the organization",
            ]
        );
    }
}
