//! A course's videos: `video` needs `captions`; the files must be in the
//! course folder; broken captions or chapters are errors by file and line;
//! a broken video is left out while its lesson still loads.

use std::path::Path;

use rapport_core::learning::{CourseLoad, Part, parse_course_with_media};

use super::learning::read_dir;

const CAPTIONS: &str = "WEBVTT\n\n00:00.000 --> 00:02.000\nTrust starts small.\n\n00:04.000 --> 00:06.000\nThen it grows.\n";
const CHAPTERS: &str =
    "WEBVTT\n\n00:00.000 --> 00:03.000\nStart\n\n00:03.000 --> 00:06.000\nGrowth\n";

/// The mini fixture with `keys` added to part 2's front matter and `extra`
/// text files, plus the binary files named in `media`.
fn with_video(keys: &str, extra: &[(&str, &str)], media: &[&str]) -> CourseLoad {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/courses/mini");
    let mut files = read_dir(&dir);
    let part = files
        .iter_mut()
        .find(|(n, _)| n == "part-2.md")
        .expect("part 2");
    part.1 = part.1.replacen(
        "duration_minutes: 10\n",
        &format!("duration_minutes: 10\n{keys}"),
        1,
    );
    files.extend(extra.iter().map(|(n, t)| (n.to_string(), t.to_string())));
    let media: Vec<String> = media.iter().map(|m| m.to_string()).collect();
    parse_course_with_media("mini", &files, &media)
}

fn part_2(load: &CourseLoad) -> &Part {
    load.course
        .as_ref()
        .and_then(|c| c.part(2))
        .expect("part 2 loads")
}

fn messages(load: &CourseLoad) -> Vec<String> {
    load.errors.iter().map(ToString::to_string).collect()
}

const VIDEO: &str = "video: media/p2.webm\ncaptions: media/p2.vtt\n";

/// A video with captions, chapters and a poster loads; the transcript is
/// the captions' text, the chapters their titles.
#[test]
fn a_part_video_with_captions_loads_with_its_transcript_and_chapters() {
    let load = with_video(
        &format!("{VIDEO}chapters: media/p2.chapters.vtt\nposter: media/p2.jpg\n"),
        &[
            ("media/p2.vtt", CAPTIONS),
            ("media/p2.chapters.vtt", CHAPTERS),
        ],
        &["media/p2.webm", "media/p2.jpg"],
    );
    assert_eq!(messages(&load), Vec::<String>::new());
    let video = part_2(&load).video.as_ref().expect("video");
    assert_eq!(video.file, "media/p2.webm");
    assert_eq!(video.poster.as_deref(), Some("media/p2.jpg"));
    assert_eq!(video.transcript, "Trust starts small.\n\nThen it grows.");
    let titles: Vec<_> = video.chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Start", "Growth"]);
    assert_eq!(video.chapters[1].start_ms, 3000);
    let course = load.course.as_ref().expect("course");
    assert!(course.names_media("media/p2.vtt"));
    assert!(
        !course.names_media("part-2.md"),
        "only the files a video names are media"
    );
}

/// A `transcript` file replaces the captions' text.
#[test]
fn a_transcript_file_is_used_when_named() {
    let load = with_video(
        &format!("{VIDEO}transcript: media/p2.txt\n"),
        &[
            ("media/p2.vtt", CAPTIONS),
            ("media/p2.txt", "Edited\ntext.\n\nSecond.\n"),
        ],
        &["media/p2.webm"],
    );
    assert_eq!(messages(&load), Vec::<String>::new());
    let video = part_2(&load).video.as_ref().expect("video");
    assert_eq!(video.transcript, "Edited text.\n\nSecond.");
}

/// No captions: an error at the `video` line; the lesson loads without the video.
#[test]
fn a_video_without_captions_is_an_error_and_is_left_out() {
    let load = with_video("video: media/p2.webm\n", &[], &["media/p2.webm"]);
    assert_eq!(load.errors.len(), 1, "{:?}", messages(&load));
    assert!(messages(&load)[0].starts_with("mini/part-2.md:5: `video` needs `captions`"));
    assert_eq!(part_2(&load).video, None);
}

/// Files named but absent are errors at their key's line.
#[test]
fn a_missing_media_file_is_an_error_at_its_key() {
    let load = with_video(VIDEO, &[("media/p2.vtt", CAPTIONS)], &[]);
    assert_eq!(
        messages(&load),
        [
            "mini/part-2.md:5: `video` names media/p2.webm, which is not in the course folder (a video file)"
        ]
    );
    let load = with_video(VIDEO, &[], &["media/p2.webm"]);
    assert_eq!(load.errors.len(), 1);
    assert_eq!(load.errors[0].line, 6);
    assert!(load.errors[0].message.contains("media/p2.vtt"));
}

/// `..`, absolute paths and URLs are refused.
#[test]
fn paths_outside_the_course_folder_are_refused() {
    for (path, words) in [
        ("../secret.webm", "inside the course folder"),
        ("media/../../x.webm", "inside the course folder"),
        ("/etc/x.webm", "relative"),
        ("https://e.org/x.webm", "relative"),
    ] {
        let load = with_video(
            &format!("video: {path}\ncaptions: media/p2.vtt\n"),
            &[("media/p2.vtt", CAPTIONS)],
            &[path],
        );
        assert_eq!(load.errors.len(), 1, "{path}: {:?}", messages(&load));
        let e = &load.errors[0];
        assert_eq!((e.file.as_str(), e.line), ("mini/part-2.md", 5), "{path}");
        assert!(e.message.contains(words), "{path}: {e}");
    }
}

/// Broken captions are reported in the captions file, by line.
#[test]
fn broken_captions_are_errors_in_the_captions_file() {
    let load = with_video(
        VIDEO,
        &[(
            "media/p2.vtt",
            "WEBVTT\n\n00:00.000 --> 00:02.000\nA\n\n00:05.000 --> 00:04,000\nB\n",
        )],
        &["media/p2.webm"],
    );
    let m = messages(&load);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].starts_with("mini/media/p2.vtt:6: `00:04,000` is not a timestamp"),
        "{m:?}"
    );
    assert_eq!(part_2(&load).video, None);
    let load = with_video(
        VIDEO,
        &[("media/p2.vtt", "1\n00:00.000 --> 00:02.000\nA\n")],
        &["media/p2.webm"],
    );
    assert!(messages(&load)[0].starts_with("mini/media/p2.vtt:1: missing `WEBVTT` header"));
}

/// Chapters that overlap or go back in time are errors in the chapters file.
#[test]
fn chapters_out_of_order_are_errors() {
    let keys = format!("{VIDEO}chapters: media/p2.chapters.vtt\n");
    let overlapping =
        "WEBVTT\n\n00:00.000 --> 00:04.000\nStart\n\n00:03.000 --> 00:06.000\nGrowth\n";
    let load = with_video(
        &keys,
        &[
            ("media/p2.vtt", CAPTIONS),
            ("media/p2.chapters.vtt", overlapping),
        ],
        &["media/p2.webm"],
    );
    let m = messages(&load);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].starts_with("mini/media/p2.chapters.vtt:6:") && m[0].contains("overlap"),
        "{m:?}"
    );
    let backwards = "WEBVTT\n\n00:03.000 --> 00:06.000\nGrowth\n\n00:00.000 --> 00:03.000\nStart\n";
    let load = with_video(
        &keys,
        &[
            ("media/p2.vtt", CAPTIONS),
            ("media/p2.chapters.vtt", backwards),
        ],
        &["media/p2.webm"],
    );
    assert!(
        messages(&load)[0].contains("in order of start time"),
        "{:?}",
        messages(&load)
    );
}

/// Video keys without `video`, and a part with both a file and a link.
#[test]
fn stray_video_keys_and_two_videos_are_errors() {
    let load = with_video(
        "captions: media/p2.vtt\n",
        &[("media/p2.vtt", CAPTIONS)],
        &[],
    );
    assert_eq!(
        messages(&load),
        ["mini/part-2.md:5: `captions` is given but `video` is not"]
    );
    let load = with_video(
        &format!("{VIDEO}video_url: https://e.org/v.mp4\n"),
        &[("media/p2.vtt", CAPTIONS)],
        &["media/p2.webm"],
    );
    assert_eq!(
        messages(&load),
        ["mini/part-2.md:5: a part has `video` (a file) or `video_url` (a link), not both"]
    );
}

/// The course's own preview video comes from course.md.
#[test]
fn course_md_may_name_the_preview_video() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/courses/mini");
    let mut files = read_dir(&dir);
    let head = files
        .iter_mut()
        .find(|(n, _)| n == "course.md")
        .expect("course.md");
    head.1 = head.1.replacen(
        "summary:",
        "video: preview.webm\ncaptions: preview.vtt\nsummary:",
        1,
    );
    files.push(("preview.vtt".into(), CAPTIONS.into()));
    let load = parse_course_with_media("mini", &files, &["preview.webm".into()]);
    assert_eq!(messages(&load), Vec::<String>::new());
    let preview = load.course.and_then(|c| c.preview_video).expect("preview");
    assert_eq!(preview.file, "preview.webm");
}
