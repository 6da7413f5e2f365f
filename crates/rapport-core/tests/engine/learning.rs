//! Course content: the fixture loads; each mistake is an error by file and
//! line while the rest still loads; raw HTML never reaches the page.

use std::path::Path;

use rapport_core::learning::{
    ContentError, Course, CourseLoad, Practice, parse_course, parse_course_with_media,
};

/// The text files of a course directory, as the shell passes them.
pub fn read_dir(dir: &Path) -> Vec<(String, String)> {
    read_course_dir(dir).0
}

/// A course directory as the shell passes it: its text files (`.md`,
/// `.vtt`, `.txt`, also in subfolders) with their text, and the names of
/// the others (videos, images), all relative to the directory.
pub fn read_course_dir(dir: &Path) -> (Vec<(String, String)>, Vec<String>) {
    let (mut texts, mut others) = (vec![], vec![]);
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for e in std::fs::read_dir(&d).expect("course directory") {
            let path = e.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let name = path
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            if name.ends_with(".md") || name.ends_with(".vtt") || name.ends_with(".txt") {
                texts.push((name, std::fs::read_to_string(&path).expect("utf-8 file")));
            } else {
                others.push(name);
            }
        }
    }
    texts.sort();
    others.sort();
    (texts, others)
}

fn fixture_files() -> Vec<(String, String)> {
    read_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/courses/mini"))
}

/// The fixture course, loaded without errors.
pub fn fixture() -> Course {
    let load = parse_course("mini", &fixture_files());
    assert_eq!(load.errors, [], "the fixture loads cleanly");
    load.course.expect("a course")
}

/// The fixture with one file's text replaced.
fn with(name: &str, text: &str) -> CourseLoad {
    let mut files = fixture_files();
    match files.iter_mut().find(|(n, _)| n == name) {
        Some(f) => f.1 = text.to_string(),
        None => files.push((name.to_string(), text.to_string())),
    }
    parse_course("mini", &files)
}

/// The fixture with `key: …` in `name` replaced by `line` (or removed when empty).
fn with_line(name: &str, key: &str, line: &str) -> CourseLoad {
    let files = fixture_files();
    let text = &files.iter().find(|(n, _)| n == name).expect("file").1;
    let changed: Vec<&str> = text
        .lines()
        .filter_map(|l| {
            if l.starts_with(&format!("{key}:")) {
                (!line.is_empty()).then_some(line)
            } else {
                Some(l)
            }
        })
        .collect();
    with(name, &(changed.join("\n") + "\n"))
}

/// Exactly one error, in `file` at `line`, whose message mentions `words`.
fn one_error(load: &CourseLoad, file: &str, line: usize, words: &str) {
    assert_eq!(load.errors.len(), 1, "{:#?}", load.errors);
    let e = &load.errors[0];
    assert_eq!((e.file.as_str(), e.line), (file, line), "{e}");
    assert!(e.message.contains(words), "{e}");
}

fn part_numbers(load: &CourseLoad) -> Vec<u8> {
    load.course
        .as_ref()
        .expect("course")
        .parts
        .iter()
        .map(|p| p.number)
        .collect()
}

/// Every field of the fixture arrives, rendered and in order.
#[test]
fn the_fixture_course_loads_with_all_its_fields() {
    let c = fixture();
    assert_eq!(
        (c.slug.as_str(), c.title.as_str()),
        ("mini", "Mini: a course for tests")
    );
    assert!(c.intro_html.contains("<strong>introduction</strong>"));
    assert_eq!(
        c.parts.iter().map(|p| p.number).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    let p1 = &c.parts[0];
    assert_eq!(p1.duration_minutes, 12);
    assert_eq!(
        p1.video_url.as_deref(),
        Some("https://videos.example.org/part-1.mp4")
    );
    assert_eq!(p1.practice, Practice::IntroductionOrThanks);
    assert_eq!(c.parts[2].practice, Practice::SecondChanceOrHandBack);
    assert_eq!(c.parts[1].video_url, None);
    assert!(p1.lesson_html.contains("<h2>Why it matters</h2>"));
    assert!(
        p1.lesson_html
            .contains("<li>Thanks are <em>specific</em>.</li>")
    );
    assert!(
        p1.lesson_text
            .contains("Why it matters\n\n• Small talk is not small.\n• Thanks are specific.")
    );
    assert_eq!(
        c.preview(),
        Some(
            "Trust starts with knowing people. This is the “first” paragraph — with (parentheses) and a back\\slash.\n\nA second paragraph of the opening."
        )
    );
}

/// `<script>`, inline tags and `javascript:` links never reach the HTML.
#[test]
fn raw_html_in_a_lesson_is_not_passed_through() {
    let p1 = &fixture().parts[0];
    for bad in ["<script", "alert", "<b>", "javascript:"] {
        assert!(!p1.lesson_html.contains(bad), "{bad} in {}", p1.lesson_html);
    }
    assert!(p1.lesson_html.contains("inline html"));
    assert!(!p1.lesson_text.contains("alert"));
}

/// A file without front matter is an error at line 1; the other parts load.
#[test]
fn a_part_without_front_matter_is_left_out() {
    let load = with("part-2.md", "Just a lesson.\n");
    one_error(&load, "mini/part-2.md", 1, "missing front matter");
    assert_eq!(part_numbers(&load), [1, 3, 4, 5]);
}

/// Unknown keys are named with their line.
#[test]
fn an_unknown_key_is_an_error_at_its_line() {
    let load = with_line("part-3.md", "duration_minutes", "duration: 15");
    assert_eq!(load.errors.len(), 2, "{:#?}", load.errors);
    assert!(
        load.errors
            .iter()
            .any(|e| e.line == 4 && e.message.contains("unknown key `duration`"))
    );
    assert!(
        load.errors
            .iter()
            .any(|e| e.message.contains("`duration_minutes` is missing"))
    );
    assert_eq!(part_numbers(&load), [1, 2, 4, 5]);
}

/// Numbers out of range or not numbers at all.
#[test]
fn bad_numbers_are_errors() {
    one_error(
        &with_line("part-4.md", "duration_minutes", "duration_minutes: 121"),
        "mini/part-4.md",
        4,
        "1 to 120",
    );
    one_error(
        &with_line("part-4.md", "duration_minutes", "duration_minutes: ten"),
        "mini/part-4.md",
        4,
        "`ten`",
    );
    one_error(
        &with_line("part-4.md", "number", "number: 9"),
        "mini/part-4.md",
        2,
        "from 1 to 5",
    );
}

/// The number in the file must be the number in its name.
#[test]
fn a_part_number_that_does_not_match_the_file_name_is_an_error() {
    let load = with_line("part-4.md", "number", "number: 3");
    one_error(&load, "mini/part-4.md", 2, "named for part 4");
    assert_eq!(part_numbers(&load), [1, 2, 3, 5]);
}

/// Two files for one part: the second is refused.
#[test]
fn a_duplicate_part_number_is_an_error() {
    let text = fixture_files()
        .into_iter()
        .find(|(n, _)| n == "part-2.md")
        .expect("part 2")
        .1;
    let load = with("part-02.md", &text);
    one_error(&load, "mini/part-2.md", 1, "duplicate part number 2");
    assert_eq!(part_numbers(&load), [1, 2, 3, 4, 5]);
}

/// Missing keys, bad practice names, non-web video URLs, bad quoting.
#[test]
fn other_field_mistakes_are_named() {
    one_error(
        &with_line("part-1.md", "reflection", ""),
        "mini/part-1.md",
        1,
        "`reflection` is missing",
    );
    one_error(
        &with_line("part-1.md", "practice", "practice: thank"),
        "mini/part-1.md",
        7,
        "must be one of",
    );
    one_error(
        &with_line("part-1.md", "video_url", "video_url: javascript:alert(1)"),
        "mini/part-1.md",
        5,
        "http(s) URL",
    );
    one_error(
        &with_line("part-1.md", "title", "title: \"open"),
        "mini/part-1.md",
        3,
        "must close",
    );
    one_error(
        &with_line("part-1.md", "title", "title:"),
        "mini/part-1.md",
        3,
        "`title` is empty",
    );
}

/// A broken course.md means no course, with the reason.
#[test]
fn a_broken_course_file_means_no_course() {
    let load = with_line("course.md", "slug", "slug: other");
    assert!(load.course.is_none());
    one_error(&load, "mini/course.md", 3, "the directory is `mini`");
    let load = with_line("course.md", "summary", "summary is here");
    assert!(load.course.is_none());
    one_error(&load, "mini/course.md", 5, "expected `key: value`");
}

/// Missing files are named too; an unexpected Markdown file is reported.
#[test]
fn missing_and_unexpected_files_are_reported() {
    let files: Vec<_> = fixture_files()
        .into_iter()
        .filter(|(n, _)| n != "part-5.md")
        .collect();
    let load = parse_course("mini", &files);
    one_error(&load, "mini/part-5.md", 1, "missing");
    let load = with("notes.md", "hello");
    one_error(&load, "mini/notes.md", 1, "not a course file");
    let files: Vec<_> = fixture_files()
        .into_iter()
        .filter(|(n, _)| n != "course.md")
        .collect();
    let load = parse_course("mini", &files);
    assert!(load.course.is_none());
    one_error(&load, "mini/course.md", 1, "missing");
}

/// Errors read `file:line: message`.
#[test]
fn an_error_displays_as_file_line_message() {
    let e = ContentError {
        file: "c/part-1.md".into(),
        line: 4,
        message: "bad".into(),
    };
    assert_eq!(e.to_string(), "c/part-1.md:4: bad");
}

/// The course shipped in content/ loads (when the content is in this checkout).
#[test]
fn the_shipped_course_loads_without_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../content/courses/building-great-relationships");
    if !dir.exists() {
        return;
    }
    let (texts, media) = read_course_dir(&dir);
    let load = parse_course_with_media("building-great-relationships", &texts, &media);
    let errors: Vec<String> = load.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors, Vec::<String>::new());
    let course = load.course.expect("course");
    assert_eq!(course.parts.len(), 5);
    assert!(course.preview().is_some_and(|p| !p.is_empty()));
    let preview = course.preview_video.as_ref().expect("a preview video");
    assert_eq!(preview.file, "media/preview.webm");
    assert!(preview.transcript.contains("Someone has to go first"));
    for part in &course.parts {
        let video = part.video.as_ref().expect("every part has a video");
        assert_eq!(video.file, format!("media/part-{}.webm", part.number));
        assert!(video.chapters.len() >= 5, "one chapter per slide");
        assert!(video.transcript.split_whitespace().count() > 250);
    }
}
