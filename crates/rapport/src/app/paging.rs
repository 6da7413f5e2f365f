//! What every list takes: how many items (`limit`, 1 to 500, default 100)
//! and where to resume (`cursor`, opaque, from the previous page).

use rapport_core::InvalidValue;
pub use rapport_store::{Cursor, Page};

/// A page asked for, already checked.
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    pub limit: Option<u32>,
    pub cursor: Option<Cursor>,
}

pub const DEFAULT_LIMIT: u32 = 100;
pub const MAX_LIMIT: u32 = 500;

impl PageRequest {
    /// Parses `?limit=` and `?cursor=` as a client sent them.
    pub fn parse(limit: Option<u32>, cursor: Option<&str>) -> Result<Self, InvalidValue> {
        if let Some(n) = limit
            && !(1..=MAX_LIMIT).contains(&n)
        {
            return Err(InvalidValue::new("limit", "must be between 1 and 500"));
        }
        let cursor = match cursor.map(str::trim).filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => Some(Cursor::decode(c).ok_or_else(bad_cursor)?),
        };
        Ok(PageRequest { limit, cursor })
    }

    /// The first `n` items (a page that shows one screen of a list).
    pub fn first(n: u32) -> Self {
        PageRequest {
            limit: Some(n.clamp(1, MAX_LIMIT)),
            cursor: None,
        }
    }

    /// Every item (an export, which is never paged).
    pub fn all() -> Self {
        PageRequest {
            limit: Some(u32::MAX),
            cursor: None,
        }
    }

    pub fn limit(&self) -> u32 {
        self.limit.unwrap_or(DEFAULT_LIMIT)
    }

    /// The cursor of a list ordered by time: one from another list is refused.
    pub fn time_cursor(&self) -> Result<Option<&Cursor>, InvalidValue> {
        match &self.cursor {
            Some(c) if c.millis().is_none() => Err(bad_cursor()),
            c => Ok(c.as_ref()),
        }
    }
}

fn bad_cursor() -> InvalidValue {
    InvalidValue::new(
        "cursor",
        "is not a cursor this list gave: send back next_cursor from the previous page, or leave it out",
    )
}
