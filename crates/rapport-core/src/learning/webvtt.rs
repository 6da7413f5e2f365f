//! WebVTT captions and chapters: parsed, checked, and read as a transcript.
//!
//! A video's captions are what a deaf viewer hears and what the transcript
//! below the player says, so a malformed file is an error by file and line,
//! like any other course content. This reads the parts of WebVTT that
//! players act on (the header, cue timings, cue text) and skips `NOTE`,
//! `STYLE` and `REGION` blocks and cue settings; it never touches the disk.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::content::ContentError;

/// A gap between two cues at least this long starts a new paragraph of the
/// transcript (a pause in the narration, such as a change of slide).
pub const PARAGRAPH_GAP_MS: u64 = 1000;

/// One cue: shown from `start_ms` until `end_ms`, in milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    pub start_ms: u64,
    pub end_ms: u64,
    /// The cue's text as written (lines joined by `\n`, tags kept).
    pub text: String,
    /// The line of its timing, for messages.
    pub line: usize,
}

impl Cue {
    /// The text without tags (`<v Ana>`, `<i>`) and with the usual entities
    /// decoded, lines joined by a space: what a transcript or a chapter
    /// list shows.
    pub fn plain_text(&self) -> String {
        plain(&self.text)
    }
}

/// A time as WebVTT writes it, `hh:mm:ss.ttt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp(pub u64);

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0;
        write!(
            f,
            "{:02}:{:02}:{:02}.{:03}",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        )
    }
}

/// Parses a WebVTT file's cues. `file` names it in errors. Cues must be in
/// order of their start time and end after they start; a file without a
/// cue is an error.
pub fn parse(file: &str, text: &str) -> Result<Vec<Cue>, Vec<ContentError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut errors = Vec::new();
    let at = |line: usize, message: String| ContentError {
        file: file.to_string(),
        line,
        message,
    };
    let header = lines.first().copied().unwrap_or("");
    let rest = header.strip_prefix("WEBVTT");
    if !rest.is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t'])) {
        return Err(vec![at(
            1,
            "missing `WEBVTT` header: a WebVTT file's first line is `WEBVTT`".into(),
        )]);
    }
    let mut cues: Vec<Cue> = Vec::new();
    for (first, block) in blocks(&lines).into_iter().skip(1) {
        match cue(first, &block) {
            Ok(None) => {}
            Ok(Some(c)) => {
                if let Some(before) = cues.last().filter(|b| c.start_ms < b.start_ms) {
                    errors.push(at(
                        c.line,
                        format!(
                            "this cue starts at {}, before the cue above it ({}): cues must be in order of start time",
                            Timestamp(c.start_ms),
                            Timestamp(before.start_ms)
                        ),
                    ));
                }
                cues.push(c);
            }
            Err((line, message)) => errors.push(at(line, message)),
        }
    }
    if cues.is_empty() && errors.is_empty() {
        errors.push(at(
            1,
            "no cues: the file has a header but nothing timed".into(),
        ));
    }
    if errors.is_empty() {
        Ok(cues)
    } else {
        Err(errors)
    }
}

/// Checks cues read as chapters: each has a title, and each ends before the
/// next one starts (chapters follow one another, they do not overlap).
pub fn check_chapters(file: &str, cues: &[Cue]) -> Vec<ContentError> {
    let mut errors = Vec::new();
    for (i, c) in cues.iter().enumerate() {
        if c.plain_text().is_empty() {
            errors.push(ContentError {
                file: file.to_string(),
                line: c.line,
                message: "a chapter needs a title".into(),
            });
        }
        if let Some(before) = i.checked_sub(1).map(|j| &cues[j])
            && c.start_ms < before.end_ms
        {
            errors.push(ContentError {
                file: file.to_string(),
                line: c.line,
                message: format!(
                    "this chapter starts at {}, before the chapter above it ends ({}): chapters may not overlap",
                    Timestamp(c.start_ms),
                    Timestamp(before.end_ms)
                ),
            });
        }
    }
    errors
}

/// The captions as running text: cue texts without tags, a paragraph
/// (blank line) wherever the narration pauses for [`PARAGRAPH_GAP_MS`].
pub fn transcript(cues: &[Cue]) -> String {
    let mut out = String::new();
    let mut last_end: Option<u64> = None;
    for c in cues {
        let text = c.plain_text();
        if text.is_empty() {
            continue;
        }
        match last_end {
            None => {}
            Some(end) if c.start_ms >= end + PARAGRAPH_GAP_MS => out.push_str("\n\n"),
            Some(_) => out.push(' '),
        }
        out.push_str(&text);
        last_end = Some(c.end_ms);
    }
    out
}

/// Blocks separated by blank lines: (line number of the first line, lines).
fn blocks<'a>(lines: &[&'a str]) -> Vec<(usize, Vec<&'a str>)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, Vec<&str>)> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            out.extend(current.take());
        } else {
            current
                .get_or_insert_with(|| (i + 1, Vec::new()))
                .1
                .push(line);
        }
    }
    out.extend(current);
    out
}

/// One block: a cue, `None` for a comment or style block, or `(line, error)`.
fn cue(first: usize, block: &[&str]) -> Result<Option<Cue>, (usize, String)> {
    let head = block.first().copied().unwrap_or("");
    if ["NOTE", "STYLE", "REGION"].iter().any(|k| {
        head == *k || head.starts_with(&format!("{k} ")) || head.starts_with(&format!("{k}\t"))
    }) {
        return Ok(None);
    }
    // An optional identifier line comes before the timing line; a first
    // line that starts like a time is a timing line gone wrong, not one.
    let looks_timed = head.starts_with(|c: char| c.is_ascii_digit()) && head.contains(':');
    let timing_at = usize::from(!head.contains("-->") && !looks_timed);
    let Some(timing) = block.get(timing_at).filter(|l| l.contains("-->")) else {
        let found = block.get(timing_at).copied().unwrap_or("nothing");
        return Err((
            first + timing_at.min(block.len().saturating_sub(1)),
            format!(
                "expected a cue timing line such as `00:00:01.000 --> 00:00:04.000`, found `{found}`"
            ),
        ));
    };
    let line = first + timing_at;
    let (start, end) = timing.split_once("-->").unwrap_or((timing, ""));
    let end = end.split_whitespace().next().unwrap_or("");
    let start_ms = timestamp(start.trim()).ok_or_else(|| (line, bad_time(start.trim())))?;
    let end_ms = timestamp(end).ok_or_else(|| (line, bad_time(end)))?;
    if end_ms <= start_ms {
        return Err((
            line,
            format!(
                "the cue ends at {} but starts at {}: the end must come after the start",
                Timestamp(end_ms),
                Timestamp(start_ms)
            ),
        ));
    }
    let payload = &block[timing_at + 1..];
    if let Some(i) = payload.iter().position(|l| l.contains("-->")) {
        return Err((
            line + 1 + i,
            "a cue's text may not contain `-->` (is a blank line missing before this cue?)".into(),
        ));
    }
    Ok(Some(Cue {
        start_ms,
        end_ms,
        text: payload.join("\n"),
        line,
    }))
}

fn bad_time(found: &str) -> String {
    format!("`{found}` is not a timestamp: expected hh:mm:ss.ttt or mm:ss.ttt")
}

/// `hh:mm:ss.ttt` (hours of two or more digits) or `mm:ss.ttt`, in ms.
fn timestamp(s: &str) -> Option<u64> {
    let (clock, millis) = s.split_once('.')?;
    let fields: Vec<&str> = clock.split(':').collect();
    let digits = |f: &str, n: usize| f.len() == n && f.bytes().all(|b| b.is_ascii_digit());
    if !digits(millis, 3) {
        return None;
    }
    let (hours, minutes, seconds) = match fields.as_slice() {
        [h, m, s] if h.len() >= 2 && h.bytes().all(|b| b.is_ascii_digit()) => (*h, *m, *s),
        [m, s] => ("0", *m, *s),
        _ => return None,
    };
    if !digits(minutes, 2) || !digits(seconds, 2) {
        return None;
    }
    let (h, m, sec, ms): (u64, u64, u64, u64) = (
        hours.parse().ok()?,
        minutes.parse().ok()?,
        seconds.parse().ok()?,
        millis.parse().ok()?,
    );
    if m > 59 || sec > 59 {
        return None;
    }
    Some(((h * 60 + m) * 60 + sec) * 1000 + ms)
}

/// Cue text to plain text: tags dropped, entities decoded, one line.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            c => out.push(c),
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lrm;", "\u{200e}")
        .replace("&rlm;", "\u{200f}")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "WEBVTT - captions\nKind: captions\n\nNOTE made by hand\nacross lines\n\n1\n00:00:00.500 --> 00:00:02.000 align:start\n<v Narrator>Trust is <i>built</i>,\nnot found.\n\n00:01.200 --> 00:03.000\nBit by bit &amp; day by day.\n\n01:00:00.000 --> 01:00:01.000\nMuch later.\n";

    fn messages(text: &str) -> Vec<(usize, String)> {
        parse("c.vtt", text)
            .expect_err("an error")
            .into_iter()
            .map(|e| (e.line, e.message))
            .collect()
    }

    #[test]
    fn parses_cues_with_identifiers_settings_notes_and_short_times() {
        let cues = parse("c.vtt", GOOD).expect("valid");
        assert_eq!(cues.len(), 3);
        assert_eq!(
            (cues[0].start_ms, cues[0].end_ms, cues[0].line),
            (500, 2000, 8)
        );
        assert_eq!(
            cues[0].text,
            "<v Narrator>Trust is <i>built</i>,\nnot found."
        );
        assert_eq!(cues[0].plain_text(), "Trust is built, not found.");
        assert_eq!((cues[1].start_ms, cues[1].end_ms), (1200, 3000));
        assert_eq!(cues[2].start_ms, 3_600_000);
        assert_eq!(Timestamp(cues[2].end_ms).to_string(), "01:00:01.000");
    }

    #[test]
    fn the_transcript_is_the_text_with_paragraphs_at_pauses() {
        let cues = parse("c.vtt", GOOD).expect("valid");
        assert_eq!(
            transcript(&cues),
            "Trust is built, not found. Bit by bit & day by day.\n\nMuch later."
        );
    }

    #[test]
    fn a_missing_header_is_an_error_at_line_1() {
        let m = messages("00:00.000 --> 00:01.000\nHi\n");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].0, 1);
        assert!(m[0].1.contains("WEBVTT"), "{m:?}");
        assert!(parse("c.vtt", "WEBVTTX\n\n00:00.000 --> 00:01.000\nHi\n").is_err());
        assert!(
            parse(
                "c.vtt",
                "\u{feff}WEBVTT\r\n\r\n00:00.000 --> 00:01.000\r\nHi\r\n"
            )
            .is_ok()
        );
    }

    #[test]
    fn bad_timestamps_are_errors_at_their_line() {
        for bad in [
            "00:00:01 --> 00:00:02.000",
            "00:00:01.000 --> 0:00:02.000",
            "00:61.000 --> 00:62.000",
            "00:00:01,000 --> 00:00:02,000",
            "1:00:00.000 --> 1:00:01.000",
        ] {
            let m = messages(&format!("WEBVTT\n\nid\n{bad}\nText\n"));
            assert_eq!(m.len(), 1, "{bad}: {m:?}");
            assert_eq!(m[0].0, 4, "{bad}");
            assert!(m[0].1.contains("not a timestamp"), "{bad}: {m:?}");
        }
    }

    #[test]
    fn a_cue_that_ends_before_it_starts_is_an_error() {
        let m = messages("WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nBackwards\n");
        assert_eq!(m[0].0, 3);
        assert!(m[0].1.contains("end must come after the start"), "{m:?}");
    }

    #[test]
    fn cues_out_of_order_and_missing_lines_are_errors() {
        let m = messages(
            "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nB\n\n00:00:01.000 --> 00:00:02.000\nA\n",
        );
        assert_eq!(m[0].0, 6);
        assert!(m[0].1.contains("in order of start time"), "{m:?}");
        let m = messages("WEBVTT\n\n1\nno timing here\n");
        assert_eq!(m[0].0, 4);
        assert!(m[0].1.contains("cue timing line"), "{m:?}");
        let m = messages("WEBVTT\n\n00:00.000 --> 00:01.000\nA\n00:01.000 --> 00:02.000\nB\n");
        assert_eq!(m[0].0, 5);
        assert!(m[0].1.contains("blank line missing"), "{m:?}");
        let m = messages("WEBVTT\n\nNOTE nothing else\n");
        assert!(m[0].1.contains("no cues"), "{m:?}");
    }

    #[test]
    fn chapters_must_follow_one_another_and_have_titles() {
        let ok = parse(
            "ch.vtt",
            "WEBVTT\n\n00:00.000 --> 00:10.000\nOne\n\n00:10.000 --> 00:20.000\nTwo\n",
        )
        .expect("valid");
        assert_eq!(check_chapters("ch.vtt", &ok), []);
        let overlapping = parse(
            "ch.vtt",
            "WEBVTT\n\n00:00.000 --> 00:10.000\nOne\n\n00:09.000 --> 00:20.000\n<b></b>\n",
        )
        .expect("valid as captions");
        let e = check_chapters("ch.vtt", &overlapping);
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e.iter().all(|e| e.line == 6));
        assert!(e.iter().any(|e| e.message.contains("title")));
        assert!(e.iter().any(|e| {
            e.to_string()
                .starts_with("ch.vtt:6: this chapter starts at 00:00:09.000")
        }));
    }
}
