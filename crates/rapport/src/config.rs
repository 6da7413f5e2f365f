//! Configuration: command-line flags, then `RAPPORT_*` environment variables,
//! then an optional TOML file (`--config` / `RAPPORT_CONFIG`), then defaults.
//! clap resolves flags and environment variables; the file fills what is
//! still unset. Secrets (the database password) are never printed.

use serde::Deserialize;
use std::path::Path;

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://rapport.db?mode=rwc";

/// Settings of a running server.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: String,
    pub database_url: String,
    /// The address people reach rapport at (used in invitation links and to
    /// decide whether cookies are `Secure`). Defaults to `http://{bind}`.
    pub public_url: String,
    /// Sign-in attempts allowed per client address, and per account, in
    /// each window of `rate_limit_window_secs`.
    pub sign_in_per_client: i64,
    pub sign_in_per_account: i64,
    pub rate_limit_window_secs: i64,
    /// How long an invitation link works.
    pub invitation_days: i64,
    pub session_days: i64,
    pub request_timeout_secs: u64,
}

impl Config {
    pub fn new(bind: String, database_url: String) -> Self {
        let public_url = format!("http://{bind}");
        Config {
            bind,
            database_url,
            public_url,
            sign_in_per_client: 30,
            sign_in_per_account: 10,
            rate_limit_window_secs: 15 * 60,
            invitation_days: 7,
            session_days: 30,
            request_timeout_secs: 30,
        }
    }

    /// True when people reach rapport over HTTPS, so cookies may be `Secure`.
    pub fn served_over_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// The TOML file's shape: every key optional, unknown keys refused so that
/// a typo is reported instead of silently ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub bind: Option<String>,
    pub database_url: Option<String>,
    pub public_url: Option<String>,
    pub log_format: Option<String>,
    pub sign_in_per_client: Option<i64>,
    pub sign_in_per_account: Option<i64>,
    pub invitation_days: Option<i64>,
}

impl FileConfig {
    pub fn load(path: Option<&Path>) -> anyhow::Result<FileConfig> {
        let Some(path) = path else {
            return Ok(FileConfig::default());
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read config file {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| anyhow::anyhow!("config file {}: {e}", path.display()))
    }

    /// Fills what flags and the environment left unset.
    pub fn apply(&self, bind: Option<String>, database_url: Option<String>) -> Config {
        let bind = bind
            .or_else(|| self.bind.clone())
            .unwrap_or_else(|| DEFAULT_BIND.into());
        let db = database_url
            .or_else(|| self.database_url.clone())
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
        let mut c = Config::new(bind, db);
        if let Some(u) = &self.public_url {
            c.public_url = u.trim_end_matches('/').to_string();
        }
        if let Some(n) = self.sign_in_per_client {
            c.sign_in_per_client = n;
        }
        if let Some(n) = self.sign_in_per_account {
            c.sign_in_per_account = n;
        }
        if let Some(n) = self.invitation_days {
            c.invitation_days = n;
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Flags win over the file, and the file wins over the defaults.
    #[test]
    fn flags_win_over_the_file_and_the_file_over_defaults() {
        let file: FileConfig =
            toml::from_str("bind = \"0.0.0.0:9000\"\ndatabase_url = \"sqlite://x.db\"").unwrap();
        let c = file.apply(Some("127.0.0.1:1".into()), None);
        assert_eq!(c.bind, "127.0.0.1:1");
        assert_eq!(c.database_url, "sqlite://x.db");
        let d = FileConfig::default().apply(None, None);
        assert_eq!(d.bind, DEFAULT_BIND);
    }

    /// A misspelt key in the file is an error, not silently ignored.
    #[test]
    fn an_unknown_key_in_the_file_is_an_error() {
        assert!(toml::from_str::<FileConfig>("bnd = \"x\"").is_err());
    }
}
