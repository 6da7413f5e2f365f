//! A searchable person picker that works without JavaScript: a text field
//! with a `<datalist>` of colleagues, which browsers filter as one types.
//! The server turns what was typed into one person (a name, the name as
//! the list shows it with its team, an email, or an id from a link that
//! preselected someone), or says in words why it cannot.

use crate::AppState;
use crate::app::paging::PageRequest;
use crate::app::people::{self, DirectoryQuery};
use crate::app::{Actor, AppError};
use rapport_core::{InvalidValue, PersonId};
use rapport_store::Person;

/// How many colleagues the list offers; beyond that, typing a full name
/// still finds the person through the directory.
const LISTED: u32 = 500;

/// One colleague in the list.
#[derive(Debug, Clone)]
pub struct Choice {
    pub id: PersonId,
    /// What the list shows and the field holds once chosen: the name, with
    /// the team (and the email, when two would otherwise read the same).
    pub label: String,
    name: String,
    email: String,
}

/// The colleagues a form offers, and the way back from what was typed.
#[derive(Debug, Clone)]
pub struct Picker {
    pub choices: Vec<Choice>,
}

impl Picker {
    /// Everyone the actor may choose (never the actor themselves).
    pub async fn load(state: &AppState, v: &Actor) -> Result<Picker, AppError> {
        let people = people::colleagues(state, v, None, LISTED).await?;
        Ok(Picker::of(people))
    }

    fn of(people: Vec<Person>) -> Picker {
        let base = |p: &Person| match &p.team_name {
            Some(t) => format!("{} ({t})", p.name),
            None => p.name.clone(),
        };
        let labels: Vec<String> = people.iter().map(base).collect();
        let choices = people
            .iter()
            .zip(&labels)
            .map(|(p, label)| {
                let twins = labels
                    .iter()
                    .filter(|l| l.eq_ignore_ascii_case(label))
                    .count();
                Choice {
                    id: p.id,
                    label: if twins > 1 {
                        match &p.team_name {
                            Some(t) => format!("{} ({t}, {})", p.name, p.email),
                            None => format!("{} ({})", p.name, p.email),
                        }
                    } else {
                        label.clone()
                    },
                    name: p.name.clone(),
                    email: p.email.clone(),
                }
            })
            .collect();
        Picker { choices }
    }

    /// What the field shows: a chosen person's label for an id (a link
    /// that preselected someone), otherwise what was typed.
    pub fn shown(&self, typed: &str) -> String {
        PersonId::parse(typed)
            .and_then(|id| self.choices.iter().find(|c| c.id == id))
            .map_or_else(|| typed.to_string(), |c| c.label.clone())
    }

    /// The person `typed` names, `None` for an empty field. Someone past
    /// the listed colleagues is looked up in the directory by full name.
    pub async fn resolve(
        &self,
        state: &AppState,
        v: &Actor,
        field: &'static str,
        typed: &str,
    ) -> Result<Result<Option<PersonId>, InvalidValue>, AppError> {
        let typed = typed.trim();
        if typed.is_empty() {
            return Ok(Ok(None));
        }
        if let Some(id) = PersonId::parse(typed) {
            return Ok(Ok(Some(id)));
        }
        let mut found: Vec<(PersonId, String)> = self.matching(typed);
        if found.is_empty() && self.choices.len() >= LISTED as usize {
            let q = DirectoryQuery {
                q: Some(typed.to_string()),
                ..Default::default()
            };
            let page = PageRequest {
                limit: Some(50),
                cursor: None,
            };
            found = Picker::of(people::directory(state, v, q, &page).await?.items).matching(typed);
            found.retain(|(id, _)| *id != v.id());
        }
        Ok(match found.as_slice() {
            [(id, _)] => Ok(Some(*id)),
            [] => Err(InvalidValue::new(
                field,
                format!("nobody called “{typed}” works here: choose a name from the list"),
            )),
            many => Err(InvalidValue::new(
                field,
                format!(
                    "{} colleagues are called “{}”: choose one from the list, which shows their team",
                    many.len(),
                    many[0].1
                ),
            )),
        })
    }

    /// Choices whose label, email or name is `typed` (any case): a label
    /// or email names one person; a bare name may name several.
    fn matching(&self, typed: &str) -> Vec<(PersonId, String)> {
        let exact: Vec<_> = self
            .choices
            .iter()
            .filter(|c| c.label.eq_ignore_ascii_case(typed) || c.email.eq_ignore_ascii_case(typed))
            .collect();
        let hits = if exact.is_empty() {
            self.choices
                .iter()
                .filter(|c| c.name.eq_ignore_ascii_case(typed))
                .collect()
        } else {
            exact
        };
        hits.into_iter().map(|c| (c.id, c.name.clone())).collect()
    }
}
