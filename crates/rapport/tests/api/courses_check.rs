//! `rapport courses check DIR`: the real binary on a course folder made in
//! the test's own temporary directory; each media mistake is reported as
//! `file:line: message` with exit status 1.

use std::path::Path;
use std::process::Command;

const CAPTIONS: &str = "WEBVTT\n\n00:00.000 --> 00:02.000\nTrust starts small.\n";
const CHAPTERS: &str = "WEBVTT\n\n00:00.000 --> 00:01.000\nOne\n\n00:01.000 --> 00:02.000\nTwo\n";
const VIDEO_KEYS: &str = "video: media/p2.webm\ncaptions: media/p2.vtt\nchapters: media/p2.chapters.vtt\nposter: media/p2.jpg\n";

/// A content directory holding the `mini` test course, whose part 2
/// front matter gets `keys`, and `files` (path, bytes) under the course.
fn course(keys: &str, files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../rapport-core/tests/fixtures/courses/mini");
    let mini = dir.path().join("mini");
    std::fs::create_dir_all(mini.join("media")).unwrap();
    for e in std::fs::read_dir(&fixture).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), mini.join(e.file_name())).unwrap();
    }
    let part = mini.join("part-2.md");
    let text = std::fs::read_to_string(&part).unwrap();
    let text = text.replacen(
        "duration_minutes: 10\n",
        &format!("duration_minutes: 10\n{keys}"),
        1,
    );
    std::fs::write(&part, text).unwrap();
    for (name, bytes) in files {
        std::fs::write(mini.join(name), bytes).unwrap();
    }
    dir
}

/// All four files of a good video.
fn good_files() -> Vec<(&'static str, &'static [u8])> {
    vec![
        (
            "media/p2.webm",
            b"\x1aE\xdf\xa3 not really a video".as_slice(),
        ),
        ("media/p2.vtt", CAPTIONS.as_bytes()),
        ("media/p2.chapters.vtt", CHAPTERS.as_bytes()),
        ("media/p2.jpg", b"\xff\xd8\xff".as_slice()),
    ]
}

/// Runs `rapport courses check DIR`: (exit code, stdout, stderr).
fn check(dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["courses", "check"])
        .arg(dir)
        .env_remove("RAPPORT_CONFIG")
        .env_remove("RAPPORT_DATABASE_URL")
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The one problem reported, as `file:line: message`.
fn one_problem(dir: &tempfile::TempDir) -> String {
    let (code, _, stderr) = check(dir.path());
    assert_eq!(code, 1, "{stderr}");
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with("error:"))
        .collect();
    assert_eq!(problems.len(), 1, "{stderr}");
    problems[0].to_string()
}

/// A course with a complete video passes, and so does the built-in course
/// with its six videos.
#[test]
fn a_course_with_a_captioned_video_passes_the_check() {
    let dir = course(VIDEO_KEYS, &good_files());
    let (code, stdout, stderr) = check(dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("mini: Mini: a course for tests (5 parts, 1 videos with captions)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("building-great-relationships: Building Great Relationships (5 parts, 6 videos with captions)"),
        "{stdout}"
    );
}

/// `video` without `captions`: the line of `video`.
#[test]
fn a_video_without_captions_fails_the_check() {
    let dir = course("video: media/p2.webm\n", &good_files());
    let problem = one_problem(&dir);
    assert!(
        problem.starts_with("mini/part-2.md:5: `video` needs `captions`"),
        "{problem}"
    );
}

/// A named file that is not there: the line of its key.
#[test]
fn a_missing_file_fails_the_check() {
    let files: Vec<_> = good_files()
        .into_iter()
        .filter(|(n, _)| *n != "media/p2.jpg")
        .collect();
    let dir = course(VIDEO_KEYS, &files);
    let problem = one_problem(&dir);
    assert!(
        problem.starts_with(
            "mini/part-2.md:8: `poster` names media/p2.jpg, which is not in the course folder"
        ),
        "{problem}"
    );
}

/// A malformed caption file: its own name and line.
#[test]
fn a_broken_webvtt_file_fails_the_check() {
    let mut files = good_files();
    files[1].1 = b"WEBVTT\n\n00:00.000 --> 00:02.000\nFine.\n\n00:03.000 -> 00:04.000\nNo arrow.\n";
    let dir = course(VIDEO_KEYS, &files);
    let problem = one_problem(&dir);
    assert!(
        problem.starts_with("mini/media/p2.vtt:6: expected a cue timing line"),
        "{problem}"
    );
    let mut files = good_files();
    files[1].1 = b"00:00.000 --> 00:02.000\nNo header.\n";
    let problem = one_problem(&course(VIDEO_KEYS, &files));
    assert!(
        problem.starts_with("mini/media/p2.vtt:1: missing `WEBVTT` header"),
        "{problem}"
    );
}

/// Chapters that overlap: the chapters file and the line of the later one.
#[test]
fn chapters_out_of_order_fail_the_check() {
    let mut files = good_files();
    files[2].1 = b"WEBVTT\n\n00:00.000 --> 00:01.500\nOne\n\n00:01.000 --> 00:02.000\nTwo\n";
    let dir = course(VIDEO_KEYS, &files);
    let problem = one_problem(&dir);
    assert!(
        problem.starts_with("mini/media/p2.chapters.vtt:6: this chapter starts at 00:00:01.000"),
        "{problem}"
    );
}

/// A path that leaves the course folder is refused, even when the file exists there.
#[test]
fn a_path_outside_the_course_folder_fails_the_check() {
    let dir = course(
        "video: ../outside.webm\ncaptions: media/p2.vtt\n",
        &good_files(),
    );
    std::fs::write(dir.path().join("outside.webm"), b"x").unwrap();
    let problem = one_problem(&dir);
    assert!(
        problem.starts_with(
            "mini/part-2.md:5: `video`: `../outside.webm` must stay inside the course folder"
        ),
        "{problem}"
    );
}
