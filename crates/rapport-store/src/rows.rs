//! Turning database rows into records, through sqlx's `FromRow`: queries
//! read `query_as::<_, Record>`. Typed ids decode themselves (UUID text);
//! times are Unix milliseconds; booleans integers. Stored values were
//! parsed before they were written, so one that no longer parses is
//! reported as corrupt.

use crate::people::Person;
use crate::{Org, StoreError, StoreResult, from_millis};
use rapport_core::{OrgId, PersonId, Role, TeamId};
use sqlx::Row;
use sqlx::any::AnyRow;

pub(crate) fn id<T>(row: &AnyRow, col: &str, make: fn(&str) -> Option<T>) -> StoreResult<T> {
    let s: String = row.try_get(col)?;
    make(&s).ok_or_else(|| StoreError::Corrupt(format!("{col} is not a UUID: {s}")))
}

pub(crate) fn opt_id<T>(
    row: &AnyRow,
    col: &str,
    make: fn(&str) -> Option<T>,
) -> StoreResult<Option<T>> {
    let s: Option<String> = row.try_get(col)?;
    s.map(|s| make(&s).ok_or_else(|| StoreError::Corrupt(format!("{col} is not a UUID: {s}"))))
        .transpose()
}

pub(crate) fn time(row: &AnyRow, col: &str) -> StoreResult<chrono::DateTime<chrono::Utc>> {
    Ok(from_millis(row.try_get::<i64, _>(col)?))
}

pub(crate) fn opt_time(
    row: &AnyRow,
    col: &str,
) -> StoreResult<Option<chrono::DateTime<chrono::Utc>>> {
    Ok(row.try_get::<Option<i64>, _>(col)?.map(from_millis))
}

pub(crate) fn org(row: &AnyRow) -> StoreResult<Org> {
    Ok(Org {
        id: id(row, "id", OrgId::parse)?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        min_group_size: row.try_get("min_group_size")?,
        retention_days: row.try_get("retention_days")?,
        modules: rapport_core::modules::Modules::from_stored(
            &row.try_get::<String, _>("modules_off")?,
            &row.try_get::<String, _>("pilot_team_ids")?,
        ),
        created_at: time(row, "created_at")?,
    })
}

/// The columns [`person`] reads, with the team's name joined in.
pub(crate) const PERSON_COLUMNS: &str = "p.id, p.org_id, p.email, p.name, p.title, p.team_id, \
     t.name AS team_name, p.manager_id, m.name AS manager_name, p.role, p.time_zone, p.about, \
     p.how_i_work, p.created_at, (p.password_hash IS NOT NULL) AS can_sign_in, \
     (p.deactivated_at IS NULL) AS active";

/// `FROM` clause matching [`PERSON_COLUMNS`].
pub(crate) const PERSON_FROM: &str =
    "people p LEFT JOIN teams t ON t.id = p.team_id LEFT JOIN people m ON m.id = p.manager_id";

pub(crate) fn person(row: &AnyRow) -> StoreResult<Person> {
    let role: String = row.try_get("role")?;
    Ok(Person {
        id: id(row, "id", PersonId::parse)?,
        org_id: id(row, "org_id", OrgId::parse)?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        title: row.try_get("title")?,
        team_id: opt_id(row, "team_id", TeamId::parse)?,
        team_name: row.try_get("team_name")?,
        manager_id: opt_id(row, "manager_id", PersonId::parse)?,
        manager_name: row.try_get("manager_name")?,
        role: Role::parse(&role).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        time_zone: row.try_get("time_zone")?,
        about: row.try_get("about")?,
        how_i_work: row.try_get("how_i_work")?,
        can_sign_in: flag(row, "can_sign_in")?,
        active: flag(row, "active")?,
        created_at: time(row, "created_at")?,
    })
}

/// Booleans are stored as integers (0/1) on both backends; a computed
/// boolean arrives as a boolean on PostgreSQL and an integer on SQLite.
pub(crate) fn flag(row: &AnyRow, col: &str) -> StoreResult<bool> {
    match row.try_get::<i64, _>(col) {
        Ok(v) => Ok(v != 0),
        Err(_) => Ok(row.try_get::<bool, _>(col)?),
    }
}

/// A text column holding a domain value's name (a status, stakes).
pub(crate) fn parsed<T>(row: &AnyRow, col: &str, parse: fn(&str) -> Option<T>) -> StoreResult<T> {
    let s: String = row.try_get(col)?;
    parse(&s).ok_or_else(|| StoreError::Corrupt(format!("{col} is not a known value: {s}")))
}

pub(crate) fn opt_parsed<T>(
    row: &AnyRow,
    col: &str,
    parse: fn(&str) -> Option<T>,
) -> StoreResult<Option<T>> {
    let s: Option<String> = row.try_get(col)?;
    s.map(|s| {
        parse(&s).ok_or_else(|| StoreError::Corrupt(format!("{col} is not a known value: {s}")))
    })
    .transpose()
}

/// An update or delete that touched no row touched something that is not
/// there (or not the caller's): `NotFound`.
pub(crate) fn found(done: &sqlx::any::AnyQueryResult) -> StoreResult<()> {
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// The end of every conditional transition (`UPDATE … WHERE status = <the
/// state it was decided from>`): no row changed means someone else acted
/// first, a conflict the person can resolve by reloading.
pub(crate) fn transitioned(done: &sqlx::any::AnyQueryResult) -> StoreResult<()> {
    if done.rows_affected() == 0 {
        return Err(StoreError::Conflict(crate::Conflict::WrongState));
    }
    Ok(())
}

impl StoreError {
    /// For `FromRow`, whose errors are sqlx's.
    fn into_sqlx(self) -> sqlx::Error {
        match self {
            StoreError::Other(e) => e,
            other => sqlx::Error::Decode(other.to_string().into()),
        }
    }
}

/// Implements `FromRow` for a record from its mapping function.
macro_rules! from_row {
    ($($record:ty => $map:path),* $(,)?) => {$(
        impl<'r> sqlx::FromRow<'r, AnyRow> for $record {
            fn from_row(row: &'r AnyRow) -> sqlx::Result<Self> {
                $map(row).map_err(StoreError::into_sqlx)
            }
        }
    )*};
}

from_row!(
    Org => org,
    Person => person,
    crate::Delegation => crate::delegations::delegation,
    crate::HelpRequest => crate::help::help_request,
    crate::Appreciation => crate::appreciations::appreciation,
    crate::StoredEvent => crate::events::event,
);
