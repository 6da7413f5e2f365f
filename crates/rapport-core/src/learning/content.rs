//! Loading a course from its files: check everything, keep what is sound.
//!
//! The shell reads `content/courses/<slug>/` and passes the file names and
//! texts; nothing here touches the disk. A broken part is left out and the
//! rest of the course still loads, so one typo does not take the course
//! away from everyone; only a broken `course.md` means no course.

use std::collections::BTreeMap;
use std::fmt;

use super::course::{Course, Part};
use super::front_matter::{self, Field, FrontMatter};
use super::markdown;
use super::practice::Practice;
use super::video::{self, Folder};

/// How many parts a course has: `part-1.md` … `part-5.md`.
pub const PART_COUNT: u8 = 5;

/// A problem in a content file, by file and line (1 when the problem is the
/// file as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// The directory and file name, `<slug_dir>/<file>`.
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// What loading found: the course (if `course.md` was sound) and every
/// problem, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseLoad {
    pub course: Option<Course>,
    pub errors: Vec<ContentError>,
}

/// Parses a course directory. `slug_dir` is the directory's name (a path is
/// accepted: its last component is the name); `files` are `(file name,
/// text)`, names relative to the directory (`part-1.md`,
/// `media/part-1.vtt`). Only the Markdown files at the top are course
/// files; the others are there for the video keys to name. A course read
/// this way has no binary files, so a `video` or `poster` it names is
/// missing: see [`parse_course_with_media`].
pub fn parse_course(slug_dir: &str, files: &[(String, String)]) -> CourseLoad {
    parse_course_with_media(slug_dir, files, &[])
}

/// [`parse_course`], with the names of the directory's files that are not
/// text (videos, posters), relative to it: the video keys may name them.
pub fn parse_course_with_media(
    slug_dir: &str,
    files: &[(String, String)],
    media: &[String],
) -> CourseLoad {
    let folder = Folder {
        dir: slug_dir,
        texts: files,
        others: media,
    };
    let slug = slug_dir
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(slug_dir);
    let mut errors = Vec::new();
    let mut head = None;
    let mut parts: BTreeMap<u8, (String, Part)> = BTreeMap::new();
    let files_given = files;
    let mut files: Vec<&(String, String)> = files.iter().collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, text) in files {
        let mut report = Report {
            file: format!("{slug_dir}/{name}"),
            errors: Vec::new(),
        };
        if name == "course.md" {
            head = course_head(slug, text, folder, &mut report);
        } else if let Some(number) = part_file_number(name) {
            if let Some(part) = part(number, text, folder, &mut report) {
                if let Some((other, _)) = parts.get(&number) {
                    report.at(
                        1,
                        format!("duplicate part number {number}: {other} has it too"),
                    );
                } else {
                    parts.insert(number, (name.clone(), part));
                }
            }
        } else if name.ends_with(".md") && !name.contains('/') {
            report.at(
                1,
                "not a course file: expected course.md or part-1.md … part-5.md",
            );
        }
        errors.append(&mut report.errors);
    }
    for n in 1..=PART_COUNT {
        if !parts.contains_key(&n)
            && !errors
                .iter()
                .any(|e| e.file.ends_with(&format!("/part-{n}.md")))
        {
            errors.push(ContentError {
                file: format!("{slug_dir}/part-{n}.md"),
                line: 1,
                message: "missing: a course has parts 1 to 5".into(),
            });
        }
    }
    if !files_named(files_given, "course.md") {
        errors.insert(
            0,
            ContentError {
                file: format!("{slug_dir}/course.md"),
                line: 1,
                message: "missing: a course needs a course.md".into(),
            },
        );
    }
    let course = head.map(|mut c: Course| {
        c.parts = parts.into_values().map(|(_, p)| p).collect();
        c
    });
    CourseLoad { course, errors }
}

fn files_named(files: &[(String, String)], name: &str) -> bool {
    files.iter().any(|(n, _)| n == name)
}

/// Collects one file's problems.
struct Report {
    file: String,
    errors: Vec<ContentError>,
}

impl Report {
    fn at(&mut self, line: usize, message: impl Into<String>) {
        self.errors.push(ContentError {
            file: self.file.clone(),
            line,
            message: message.into(),
        });
    }

    /// The front matter, or `None` after reporting why not.
    fn front_matter(&mut self, text: &str) -> Option<FrontMatter> {
        match front_matter::split(text) {
            Ok(fm) => Some(fm),
            Err(errors) => {
                for (line, message) in errors {
                    self.at(line, message);
                }
                None
            }
        }
    }
}

/// `part-3.md` → 3; also `part-03.md`, which then must not repeat a number.
fn part_file_number(name: &str) -> Option<u8> {
    let digits = name.strip_prefix("part-")?.strip_suffix(".md")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().or(Some(u8::MAX))
}

/// The fields of one file, taken one by one; what is left is unknown.
pub(super) struct Fields<'a> {
    fields: Vec<Field>,
    report: &'a mut Report,
    ok: bool,
}

impl<'a> Fields<'a> {
    fn new(fm: &FrontMatter, report: &'a mut Report) -> Self {
        Fields {
            fields: fm.fields.clone(),
            report,
            ok: true,
        }
    }

    pub(super) fn optional(&mut self, key: &str) -> Option<Field> {
        let i = self.fields.iter().position(|f| f.key == key)?;
        Some(self.fields.remove(i))
    }

    /// A required, non-empty value.
    fn required(&mut self, key: &str) -> Option<Field> {
        match self.optional(key) {
            Some(f) if f.value.is_empty() => self.fail(f.line, format!("`{key}` is empty")),
            Some(f) => Some(f),
            None => self.fail(1, format!("`{key}` is missing from the front matter")),
        }
    }

    /// A required number within `range`.
    fn number(&mut self, key: &str, range: std::ops::RangeInclusive<u32>) -> Option<(u32, usize)> {
        let f = self.required(key)?;
        match f.value.parse::<u32>() {
            Ok(n) if range.contains(&n) => Some((n, f.line)),
            _ => self.fail(
                f.line,
                format!(
                    "`{key}` must be a whole number from {} to {}, not `{}`",
                    range.start(),
                    range.end(),
                    f.value
                ),
            ),
        }
    }

    fn fail<T>(&mut self, line: usize, message: String) -> Option<T> {
        self.report.at(line, message);
        self.ok = false;
        None
    }

    /// Reports a problem that leaves the file itself loadable (a broken
    /// video is left out, the lesson stays).
    pub(super) fn note(&mut self, line: usize, message: String) {
        self.report.at(line, message);
    }

    /// Reports problems found in other files (the captions a key names).
    pub(super) fn extend(&mut self, errors: impl IntoIterator<Item = ContentError>) {
        self.report.errors.extend(errors);
    }

    /// Reports the keys nobody took; true when the file had no problem.
    fn finish(mut self, known: &str) -> bool {
        for f in std::mem::take(&mut self.fields) {
            self.fail::<()>(f.line, format!("unknown key `{}` (known: {known})", f.key));
        }
        self.ok
    }
}

const COURSE_KEYS: &str = "slug, title, summary, video, captions, chapters, poster, transcript";

fn course_head(slug: &str, text: &str, folder: Folder<'_>, report: &mut Report) -> Option<Course> {
    let fm = report.front_matter(text)?;
    let mut fields = Fields::new(&fm, report);
    let slug_field = fields.required("slug");
    if let Some(f) = slug_field.as_ref().filter(|f| f.value != slug) {
        fields.fail::<()>(
            f.line,
            format!("`slug` is `{}` but the directory is `{slug}`", f.value),
        );
    }
    let title = fields.required("title");
    let summary = fields.required("summary");
    let language = match fields.optional("language") {
        None => Some("en".to_string()),
        Some(f) if is_language_tag(&f.value) => Some(f.value),
        Some(f) => fields.fail(
            f.line,
            format!(
                "`language` must be a language tag such as en, el or pt-BR, not `{}`",
                f.value
            ),
        ),
    };
    let preview_video = video::take(&mut fields, folder);
    if !fields.finish(COURSE_KEYS) {
        return None;
    }
    Some(Course {
        slug: slug_field?.value,
        title: title?.value,
        summary: summary?.value,
        language: language?,
        intro_html: markdown::to_html(&fm.body),
        parts: Vec::new(),
        preview_video,
    })
}

const PART_KEYS: &str = "number, title, duration_minutes, video_url, reflection, practice, \
     practice_text, video, captions, chapters, poster, transcript";

fn part(file_number: u8, text: &str, folder: Folder<'_>, report: &mut Report) -> Option<Part> {
    let fm = report.front_matter(text)?;
    let mut fields = Fields::new(&fm, report);
    let number = fields.number("number", 1..=u32::from(PART_COUNT));
    if file_number == 0 || file_number > PART_COUNT {
        fields.fail::<()>(1, "a part file is named part-1.md … part-5.md".into());
    } else if let Some((n, line)) = number.filter(|(n, _)| *n != u32::from(file_number)) {
        fields.fail::<()>(
            line,
            format!("`number` is {n} but the file is named for part {file_number}"),
        );
    }
    let title = fields.required("title");
    let duration = fields.number("duration_minutes", 1..=120);
    let video_url = match fields.optional("video_url") {
        Some(f) if f.value.is_empty() => None,
        Some(f) if is_web_url(&f.value) => Some(f.value),
        Some(f) => fields.fail(
            f.line,
            format!("`video_url` must be an http(s) URL, not `{}`", f.value),
        ),
        None => None,
    };
    let video_line = fm.fields.iter().find(|f| f.key == "video").map(|f| f.line);
    let video = video::take(&mut fields, folder);
    if let (Some(_), Some(line)) = (&video_url, video_line) {
        fields.fail::<()>(
            line,
            "a part has `video` (a file) or `video_url` (a link), not both".into(),
        );
    }
    let reflection = fields.required("reflection");
    let practice = fields
        .required("practice")
        .and_then(|f| match Practice::parse(&f.value) {
            Some(p) => Some(p),
            None => {
                let known: Vec<_> = Practice::ALL.iter().map(|p| p.as_str()).collect();
                fields.fail(
                    f.line,
                    format!(
                        "`practice` must be one of {}, not `{}`",
                        known.join(", "),
                        f.value
                    ),
                )
            }
        });
    let practice_text = fields.required("practice_text");
    if !fields.finish(PART_KEYS) {
        return None;
    }
    let blocks = markdown::blocks(&fm.body);
    Some(Part {
        number: u8::try_from(number?.0).ok()?,
        title: title?.value,
        duration_minutes: duration?.0,
        video_url,
        video,
        reflection: reflection?.value,
        practice: practice?,
        practice_text: practice_text?.value,
        lesson_html: markdown::to_html(&fm.body),
        lesson_text: markdown::to_text(&blocks),
        preview: markdown::preview(&blocks),
        lesson_blocks: blocks,
    })
}

/// An absolute http(s) URL with a host and nothing that could break out of
/// an HTML attribute.
fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty()
        && !url.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\'' | '`')
        })
}

/// A BCP 47 language tag, loosely: a 2–3 letter language, then subtags of
/// 1–8 letters or digits (`en`, `el`, `pt-BR`, `sr-Latn`).
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or("");
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}
