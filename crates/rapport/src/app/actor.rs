//! Who is acting: the signed-in person (with their organization and role),
//! whichever adapter they came through. Not an HTTP type: a job or a chat
//! command builds one the same way.

use super::AppError;
use rapport_core::{OrgId, PersonId, Role};
use rapport_store::Person;

/// How long a person counts as new.
pub const NEWCOMER_DAYS: i64 = 14;

/// The person an operation acts for.
#[derive(Debug, Clone)]
pub struct Actor {
    pub person: Person,
    /// The organization's module switches, read once per request however
    /// many parts of a page ask (`app::modules::on`); shared by clones.
    pub(super) modules: std::sync::Arc<tokio::sync::OnceCell<rapport_core::modules::Modules>>,
    /// The colleagues a directory deactivated, read once per request
    /// (`Actor::departed`): nudges and next steps both leave them out.
    departed: std::sync::Arc<tokio::sync::OnceCell<Vec<PersonId>>>,
}

impl Actor {
    pub fn new(person: Person) -> Self {
        Actor {
            person,
            modules: Default::default(),
            departed: Default::default(),
        }
    }

    /// The organization's people a directory deactivated, sorted: read
    /// once per request however many parts of a page ask.
    pub async fn departed(&self, app: &crate::AppState) -> super::AppResult<&[PersonId]> {
        let ids = self
            .departed
            .get_or_try_init(|| async {
                Ok::<_, super::AppError>(app.store.deactivated_person_ids(self.org()).await?)
            })
            .await?;
        Ok(ids)
    }

    pub fn id(&self) -> PersonId {
        self.person.id
    }

    pub fn org(&self) -> OrgId {
        self.person.org_id
    }

    pub fn role(&self) -> Role {
        self.person.role
    }

    /// In a person's first 14 days nothing compares them with others:
    /// there is no pattern yet, and a comparison would only discourage.
    pub fn is_newcomer(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        now - self.person.created_at < chrono::Duration::days(NEWCOMER_DAYS)
    }

    pub fn is_admin(&self) -> bool {
        self.person.role.is_admin()
    }

    /// Refuses anyone but an admin (403), whichever way they came in.
    pub fn require_admin(&self) -> Result<(), AppError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(AppError::Forbidden("only an admin can do this"))
        }
    }
}
