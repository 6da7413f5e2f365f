//! The video keys of a course file: `video`, `captions`, `chapters`,
//! `poster` and `transcript`, each a path relative to the course folder.
//!
//! A video needs captions (people who cannot hear it must be able to follow
//! it), so `video` without `captions` is an error; the captions and
//! chapters are parsed here, and the transcript is taken from the captions
//! unless a `transcript` file is named. A problem leaves the file's video
//! out and is reported; the lesson itself still loads.

use super::content::{ContentError, Fields};
use super::course::{Chapter, Video};
use super::front_matter::Field;
use super::webvtt;

/// The files of a course folder, as the shell passes them: text files
/// (Markdown, WebVTT, transcripts) with their text, and the names of the
/// others (videos, images), relative to the course folder.
#[derive(Debug, Clone, Copy)]
pub(super) struct Folder<'a> {
    pub dir: &'a str,
    pub texts: &'a [(String, String)],
    pub others: &'a [String],
}

impl Folder<'_> {
    fn text(&self, path: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(n, _)| n == path)
            .map(|(_, t)| t.as_str())
    }

    fn has(&self, path: &str) -> bool {
        self.text(path).is_some() || self.others.iter().any(|n| n == path)
    }
}

/// Takes the video keys from `fields`; `None` when there is no video or it
/// has a problem (reported in `errors`).
pub(super) fn take(fields: &mut Fields<'_>, folder: Folder<'_>) -> Option<Video> {
    let video = fields.optional("video").filter(|f| !f.value.is_empty());
    let captions = fields.optional("captions").filter(|f| !f.value.is_empty());
    let chapters = fields.optional("chapters").filter(|f| !f.value.is_empty());
    let poster = fields.optional("poster").filter(|f| !f.value.is_empty());
    let transcript = fields
        .optional("transcript")
        .filter(|f| !f.value.is_empty());
    let Some(video) = video else {
        for f in [&captions, &chapters, &poster, &transcript]
            .into_iter()
            .flatten()
        {
            fields.note(f.line, format!("`{}` is given but `video` is not", f.key));
        }
        return None;
    };
    let Some(captions) = captions else {
        fields.note(
            video.line,
            "`video` needs `captions` (a WebVTT file): a video without captions shuts out people who cannot hear it".into(),
        );
        return None;
    };
    let mut ok = true;
    let mut check = |f: &Field, kinds: &[&str], what: &str| -> bool {
        match media_path(&f.value, kinds) {
            Err(message) => fields.note(f.line, format!("`{}`: {message}", f.key)),
            Ok(()) if !folder.has(&f.value) => fields.note(
                f.line,
                format!(
                    "`{}` names {}, which is not in the course folder ({what})",
                    f.key, f.value
                ),
            ),
            Ok(()) => return true,
        }
        false
    };
    ok &= check(&video, &["webm", "mp4", "ogv"], "a video file");
    ok &= check(&captions, &["vtt"], "a WebVTT file");
    for (f, kinds, what) in [
        (&chapters, &["vtt"][..], "a WebVTT file"),
        (&poster, &["jpg", "jpeg", "png", "webp"][..], "an image"),
        (&transcript, &["txt", "md"][..], "a text file"),
    ] {
        if let Some(f) = f {
            ok &= check(f, kinds, what);
        }
    }
    if !ok {
        return None;
    }
    let errors = &mut Vec::new();
    let cues = vtt(folder, &captions.value, errors);
    let chapter_cues = chapters.as_ref().map(|f| {
        let cues = vtt(folder, &f.value, errors);
        let file = format!("{}/{}", folder.dir, f.value);
        errors.extend(webvtt::check_chapters(&file, &cues));
        cues
    });
    let transcript_text = match &transcript {
        Some(f) => paragraphs(folder.text(&f.value).unwrap_or_default()),
        None => webvtt::transcript(&cues),
    };
    if !errors.is_empty() {
        fields.extend(errors.drain(..));
        return None;
    }
    Some(Video {
        file: video.value,
        captions: captions.value,
        chapters_file: chapters.map(|f| f.value),
        poster: poster.map(|f| f.value),
        chapters: chapter_cues
            .unwrap_or_default()
            .iter()
            .map(|c| Chapter {
                start_ms: c.start_ms,
                end_ms: c.end_ms,
                title: c.plain_text(),
            })
            .collect(),
        transcript: transcript_text,
    })
}

/// A WebVTT file's cues (empty, with errors, when it does not parse).
fn vtt(folder: Folder<'_>, path: &str, errors: &mut Vec<ContentError>) -> Vec<webvtt::Cue> {
    let file = format!("{}/{path}", folder.dir);
    let Some(text) = folder.text(path) else {
        errors.push(ContentError {
            file,
            line: 1,
            message: "not readable as text (a WebVTT file is UTF-8)".into(),
        });
        return Vec::new();
    };
    webvtt::parse(&file, text).unwrap_or_else(|e| {
        errors.extend(e);
        Vec::new()
    })
}

/// A relative path inside the course folder with one of `kinds` as its
/// extension: no absolute path, no `..`, nothing a URL would read
/// differently.
fn media_path(path: &str, kinds: &[&str]) -> Result<(), String> {
    if path.starts_with('/') || path.contains(['\\', ':']) {
        return Err(format!(
            "`{path}` must be relative to the course folder (such as media/part-1.webm)"
        ));
    }
    if path
        .split('/')
        .any(|c| c.is_empty() || c == "." || c == "..")
    {
        return Err(format!(
            "`{path}` must stay inside the course folder: no `..`, `.` or empty parts"
        ));
    }
    if path.chars().any(|c| {
        c.is_control() || c.is_whitespace() || matches!(c, '?' | '#' | '%' | '"' | '<' | '>')
    }) {
        return Err(format!(
            "`{path}` may not contain spaces or any of ? # % \" < >"
        ));
    }
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if !extension.is_some_and(|e| kinds.contains(&e.as_str())) {
        return Err(format!("`{path}` should end in .{}", kinds.join(", .")));
    }
    Ok(())
}

/// A transcript file's text: paragraphs separated by one blank line, each
/// paragraph on one line.
fn paragraphs(text: &str) -> String {
    text.replace('\r', "")
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_paths_stay_in_the_course_folder() {
        let v = &["webm"][..];
        assert_eq!(media_path("media/part-1.webm", v), Ok(()));
        assert_eq!(media_path("part-1.WEBM", v), Ok(()));
        for bad in [
            "/etc/passwd.webm",
            "../other/a.webm",
            "media/../../a.webm",
            "./a.webm",
            "media//a.webm",
            "C:\\a.webm",
            "https://e.org/a.webm",
            "a b.webm",
            "a.mp3",
            "media/",
        ] {
            assert!(media_path(bad, v).is_err(), "{bad}");
        }
    }

    #[test]
    fn transcript_files_keep_their_paragraphs() {
        assert_eq!(
            paragraphs("One\nline.\r\n\r\n\n\nTwo.\n"),
            "One line.\n\nTwo."
        );
    }
}
