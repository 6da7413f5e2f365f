//! The store's error: not found, a named conflict, or something the caller
//! cannot fix (logged by the application, shown as an opaque 500).

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness rule was broken; the code names which (`email_taken`).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error(transparent)]
    Other(#[from] sqlx::Error),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Turns a unique-constraint violation into a named conflict; anything else
/// stays an error.
pub(crate) fn on_unique(e: sqlx::Error, code: &'static str) -> StoreError {
    if let sqlx::Error::Database(db) = &e
        && db.is_unique_violation()
    {
        return StoreError::Conflict(code);
    }
    StoreError::Other(e)
}
