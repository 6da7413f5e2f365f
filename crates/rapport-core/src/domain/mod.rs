//! Domain values, parsed once at the boundary so that nothing invalid travels
//! inward: if a function takes an [`Email`], the address has been checked.

mod ids;
mod password;
mod text;

pub use ids::*;
pub use password::*;
pub use text::*;

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a value was refused: the field it came from and what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct InvalidValue {
    pub field: &'static str,
    pub reason: String,
}

impl InvalidValue {
    pub fn new(field: &'static str, reason: impl Into<String>) -> Self {
        Self {
            field,
            reason: reason.into(),
        }
    }
}

/// What a person may do in their organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    Member,
    Lead,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Member, Role::Lead, Role::Admin];

    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        match s.trim().to_ascii_lowercase().as_str() {
            "member" => Ok(Role::Member),
            "lead" => Ok(Role::Lead),
            "admin" => Ok(Role::Admin),
            other => Err(InvalidValue::new(
                "role",
                format!("`{other}` is not a role; use member, lead or admin"),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Lead => "lead",
            Role::Admin => "admin",
        }
    }

    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An IANA time zone such as `Europe/Berlin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeZone(chrono_tz::Tz);

impl TimeZone {
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        s.trim()
            .parse::<chrono_tz::Tz>()
            .map(TimeZone)
            .map_err(|_| {
                InvalidValue::new(
                    "time_zone",
                    format!(
                        "`{}` is not an IANA time zone such as Europe/Berlin",
                        s.trim()
                    ),
                )
            })
    }

    pub fn utc() -> Self {
        TimeZone(chrono_tz::UTC)
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    pub fn tz(&self) -> chrono_tz::Tz {
        self.0
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Who sees a thank-you besides the two people: nobody, or the
/// recipient's team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Private,
    Team,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Private => "private",
            Visibility::Team => "team",
        }
    }

    pub fn parse(s: &str) -> Option<Visibility> {
        match s.trim() {
            "private" => Some(Visibility::Private),
            "team" => Some(Visibility::Team),
            _ => None,
        }
    }
}
