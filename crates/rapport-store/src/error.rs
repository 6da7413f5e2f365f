//! The store's error: not found, a named conflict, or something the caller
//! cannot fix (logged by the application, shown as an opaque 500).

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A rule of the data was broken: a uniqueness rule, or a conditional
    /// change whose row was no longer in the state it was decided from.
    #[error("conflict: {}", .0.code())]
    Conflict(Conflict),
    #[error(transparent)]
    Other(#[from] sqlx::Error),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

/// Why a write was refused as a conflict. The application maps each to its
/// words (exhaustively, so a new reason cannot go without a message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// The email address belongs to someone (anywhere on the instance).
    EmailTaken,
    /// Another organization has this slug.
    SlugTaken,
    /// The organization has a team of this name.
    TeamExists,
    /// The manager would make a loop in the reporting lines.
    ManagerCycle,
    /// The invitation expired, was revoked or was used.
    InvitationNotValid,
    /// A manager's email in an import matches nobody.
    UnknownManager,
    /// The introduction was already marked done or skipped.
    IntroductionAnswered,
    /// The organization's only admin cannot leave or lose the role.
    LastAdmin,
    /// The two people already have an open check-in.
    CheckInOpen,
    /// This person already answered the check-in.
    AlreadyAnswered,
    /// The check-in is no longer open.
    CheckInClosed,
    /// The row was no longer in the state the change was decided from.
    WrongState,
    /// A second chance must follow a miss.
    NotAMiss,
    /// This person already offered help on the request.
    AlreadyOffered,
    /// The asker already asked this person to help with the request.
    AlreadyAsked,
    /// Another organization signs in people of this email domain.
    DomainTaken,
    /// Another organization set up this Slack workspace.
    SlackTeamTaken,
}

impl Conflict {
    /// The stable snake_case code programs see.
    pub fn code(self) -> &'static str {
        match self {
            Conflict::EmailTaken => "email_taken",
            Conflict::SlugTaken => "slug_taken",
            Conflict::TeamExists => "team_exists",
            Conflict::ManagerCycle => "manager_cycle",
            Conflict::InvitationNotValid => "invitation_not_valid",
            Conflict::UnknownManager => "unknown_manager",
            Conflict::IntroductionAnswered => "introduction_answered",
            Conflict::LastAdmin => "last_admin",
            Conflict::CheckInOpen => "check_in_open",
            Conflict::AlreadyAnswered => "already_answered",
            Conflict::CheckInClosed => "check_in_closed",
            Conflict::WrongState => "wrong_state",
            Conflict::NotAMiss => "not_a_miss",
            Conflict::AlreadyOffered => "already_offered",
            Conflict::AlreadyAsked => "already_asked",
            Conflict::DomainTaken => "domain_taken",
            Conflict::SlackTeamTaken => "slack_team_taken",
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Turns a unique-constraint violation into a named conflict; anything else
/// stays an error.
pub(crate) fn on_unique(e: sqlx::Error, conflict: Conflict) -> StoreError {
    if let sqlx::Error::Database(db) = &e
        && db.is_unique_violation()
    {
        return StoreError::Conflict(conflict);
    }
    StoreError::Other(e)
}
