//! Secrets: passwords (Argon2id, hashed off the async threads) and the
//! random secrets of sessions, tokens and invitations (stored as SHA-256).

use super::AppError;
use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use base64::Engine;
use rand::RngCore;
use rapport_core::Password;
use sha2::{Digest, Sha256};

/// Hashes a password with Argon2id on a blocking thread: a hash takes tens
/// of milliseconds of CPU and must not stall the async workers.
pub async fn hash_password(password: Password) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_password_blocking(&password))
        .await
        .map_err(AppError::internal)?
}

/// The same, on this thread: only a [`Password`] (long enough, not a
/// common one) is ever hashed, the demo's and the tests' included.
pub fn hash_password_blocking(password: &Password) -> Result<String, AppError> {
    hash_any(password.expose())
}

fn hash_any(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(anyhow::anyhow!("hashing failed: {e}")))
}

/// Checks a password against a stored hash, or against a fixed dummy hash
/// when there is none, so that an unknown email takes as long as a known one.
pub async fn verify_password(password: String, hash: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let stored = hash.unwrap_or_else(|| DUMMY_HASH.clone());
        let parsed = PasswordHash::new(&stored)
            .map_err(|e| AppError::internal(anyhow::anyhow!("bad stored hash: {e}")))?;
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(ok && known)
    })
    .await
    .map_err(AppError::internal)?
}

/// A hash of a random secret nobody knows, with the same parameters as real
/// hashes, made once on first use.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_any(&new_secret()).unwrap_or_default());

/// A new random secret (session, token or invitation), URL-safe.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Secrets are stored as SHA-256 hex: a leaked table grants nothing. A fast
/// hash is right here because the secrets are long and random.
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A password verifies against its own hash and no other.
    #[tokio::test]
    async fn a_password_verifies_only_against_its_own_hash() {
        let hash = hash_password(Password::parse("correct horse battery").unwrap())
            .await
            .unwrap();
        assert!(
            verify_password("correct horse battery".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify_password("wrong horse battery".into(), Some(hash))
                .await
                .unwrap()
        );
        assert!(
            !verify_password("anything at all".into(), None)
                .await
                .unwrap()
        );
    }

    /// Two secrets are never the same and their hashes are stable.
    #[test]
    fn secrets_are_random_and_hashed_stably() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert_eq!(hash_secret(&a), hash_secret(&a));
        assert_eq!(hash_secret(&a).len(), 64);
    }
}
