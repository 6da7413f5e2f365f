//! Runs the Playwright browser tests (`tests/browser/`) against this build's
//! `rapport` binary in real Chromium. They need Node.js, `npm ci` in
//! `tests/browser` and Debian's Chromium, so they run only when
//! `RAPPORT_BROWSER_TESTS=1` (as `.ci/run` sets); otherwise this test says
//! it was skipped.

use std::path::PathBuf;
use std::process::Command;

/// Sign-in, the directory, editing a profile, an admin import, the front door
/// and the layout at 390 px work in Chromium.
#[test]
fn the_pages_work_in_a_real_browser() {
    if std::env::var("RAPPORT_BROWSER_TESTS").as_deref() != Ok("1") {
        eprintln!(
            "browser tests skipped: set RAPPORT_BROWSER_TESTS=1 (needs Node.js, Chromium and `npm ci` in tests/browser)"
        );
        return;
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser");
    let out = Command::new("npm")
        .arg("test")
        .current_dir(&dir)
        .env("RAPPORT_BIN", env!("CARGO_BIN_EXE_rapport"))
        .output()
        .expect("npm runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "browser tests failed:\n{text}");
    assert!(
        text.contains("# fail 0") && !text.contains("# pass 0"),
        "browser tests ran and passed:\n{text}"
    );
    eprintln!(
        "{}",
        text.lines()
            .filter(|l| l.starts_with("ok ") || l.starts_with("# pass"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
