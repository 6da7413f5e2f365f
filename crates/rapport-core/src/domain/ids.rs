//! Typed ids: a `PersonId` can never be passed where a `TeamId` is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn new() -> Self {
                Self(Uuid::new_v4())
            }

            /// Parses the text form; `None` for anything that is not a UUID.
            pub fn parse(s: &str) -> Option<Self> {
                Uuid::parse_str(s).ok().map(Self)
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, uuid::Error> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

typed_id!(
    /// An organization (tenant); every row belongs to exactly one.
    OrgId,
    /// A person in an organization.
    PersonId,
    /// A team in an organization.
    TeamId,
    /// A skill in an organization's vocabulary.
    SkillId,
    /// A pending invitation.
    InvitationId,
    /// A personal access token.
    TokenId,
    /// A delegated task or a favor asked.
    DelegationId,
    /// A "can you help me?" request.
    HelpRequestId,
    /// An offer to help with a request.
    OfferId,
    /// A thank-you.
    AppreciationId,
    /// A two-sided relationship check-in.
    CheckInId,
    /// A suggestion shown to one person.
    NudgeId,
    /// A suggested get-to-know meeting between two people.
    IntroductionId,
    /// A digest email waiting to be sent, or sent.
    EmailJobId,
);
