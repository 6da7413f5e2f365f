//! Keyset paging: a list ordered by a key (a time or a name) and an id
//! resumes after the last item of the previous page, so an item is seen
//! once however the list changes meanwhile. The cursor is opaque to
//! clients: the key and id, hex-encoded.

use serde::Serialize;
use uuid::Uuid;

/// Where a page starts: after the item with this key and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub key: String,
    pub id: Uuid,
}

impl Cursor {
    /// After an item of a list ordered by time (newest first).
    pub fn at(at: chrono::DateTime<chrono::Utc>, id: Uuid) -> Self {
        Cursor {
            key: crate::millis(at).to_string(),
            id,
        }
    }

    /// The key as a time in Unix milliseconds (for lists ordered by time).
    pub fn millis(&self) -> Option<i64> {
        self.key.parse().ok()
    }

    pub fn encode(&self) -> String {
        format!("{}{}", self.id.simple(), self.key)
            .bytes()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// A cursor this list gave out; `None` for anything else.
    pub fn decode(s: &str) -> Option<Cursor> {
        if !s.len().is_multiple_of(2) || s.len() < 64 {
            return None;
        }
        let bytes: Option<Vec<u8>> = (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
            .collect();
        let raw = String::from_utf8(bytes?).ok()?;
        let (id, key) = raw.split_at_checked(32)?;
        Some(Cursor {
            key: key.to_string(),
            id: Uuid::try_parse(id).ok()?,
        })
    }
}

/// One page of a list and where the next one starts.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Makes a page from up to `limit + 1` rows read in order: the extra
    /// row only tells that there is a next page.
    pub(crate) fn from_rows(mut items: Vec<T>, limit: u32, cursor: impl Fn(&T) -> Cursor) -> Self {
        let next_cursor = if items.len() > limit as usize {
            items.truncate(limit as usize);
            items.last().map(|last| cursor(last).encode())
        } else {
            None
        };
        Page { items, next_cursor }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cursor reads back as written; anything else is refused.
    #[test]
    fn a_cursor_round_trips_and_garbage_is_refused() {
        let c = Cursor {
            key: "ada lovelace".into(),
            id: Uuid::new_v4(),
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        let t = Cursor::at(chrono::Utc::now(), Uuid::new_v4());
        assert!(Cursor::decode(&t.encode()).unwrap().millis().is_some());
        for bad in ["", "zz", "abc", &"0".repeat(64), "not a cursor at all"] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }
}
