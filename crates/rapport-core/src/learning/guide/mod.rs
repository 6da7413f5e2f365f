//! The downloadable guide: "Practical tips for building relationships at
//! work", a typeset PDF made from the course itself.
//!
//! A cover, a contents page whose entries link to the parts, then one
//! section per part: its title, the lesson with its headings, lists and
//! bold kept, the reflection question with room to write, and the practice
//! as a checklist. A4, "Page N of M" on every page, an outline (bookmarks)
//! of the parts and their headings. Written with krilla: the fonts (DejaVu
//! Sans, which covers Latin, Greek and Cyrillic) are embedded as subsets,
//! and the PDF is tagged (structure tree, document language, artifacts
//! marked) so screen readers read it in order. Pure: bytes out, no I/O.

mod fonts;
mod layout;
mod render;

use layout::{COLUMN, Kind, Layout, Link, MARGIN_X, Mark, PAGE_WIDTH, Rgb, Style};
pub use render::GuideError;

use super::{Course, LessonBlock, LessonText, Part};

/// The guide's title, on its cover and in the PDF's metadata.
pub const GUIDE_TITLE: &str = "Practical tips for building relationships at work";

const INK: Rgb = (33, 37, 41);
const MUTED: Rgb = (98, 104, 112);
const ACCENT: Rgb = (22, 110, 122);
const WHITE: Rgb = (255, 255, 255);
const PALE: Rgb = (196, 228, 231);
const RULE: Rgb = (206, 211, 216);

const fn style(size: f32, leading: f32, bold: bool, color: Rgb, space_before: f32) -> Style {
    Style {
        size,
        leading,
        bold,
        color,
        space_before,
    }
}

const KICKER: Style = style(9.5, 14.0, true, ACCENT, 0.0);
const H1: Style = style(22.0, 28.0, true, INK, 4.0);
const H2: Style = style(13.0, 18.0, true, INK, 16.0);
const META: Style = style(10.0, 14.0, false, MUTED, 4.0);
const BODY: Style = style(10.5, 15.5, false, INK, 7.0);
const ITEM: Style = style(10.5, 15.5, false, INK, 3.0);

/// The guide for `course` as PDF bytes. Empty only if the PDF writer
/// refuses the compiled-in fonts, which the guide's tests rule out; use
/// [`try_guide_pdf`] to tell that apart.
pub fn guide_pdf(course: &Course) -> Vec<u8> {
    try_guide_pdf(course).unwrap_or_default()
}

/// The guide for `course` as PDF bytes, or why it could not be written.
pub fn try_guide_pdf(course: &Course) -> Result<Vec<u8>, GuideError> {
    let metrics = fonts::Metrics::new().ok_or(GuideError::Fonts)?;
    // Lay out twice: the first pass finds the page each part starts on,
    // which the contents page names and links to.
    let starts = typeset(&metrics, course, &[]).1;
    let (layout, _) = typeset(&metrics, course, &starts);
    let footer = format!("{GUIDE_TITLE} · {}", course.title);
    render::write(
        &layout,
        &render::Info {
            title: GUIDE_TITLE,
            subject: &course.title,
            language: &course.language,
            footer: &footer,
        },
    )
}

/// The whole guide; returns the layout and each part's first page (index).
fn typeset<'m>(
    metrics: &'m fonts::Metrics<'static>,
    course: &Course,
    starts: &[usize],
) -> (Layout<'m>, Vec<usize>) {
    let mut l = Layout::new(metrics);
    cover(&mut l, course);
    l.new_page();
    contents(&mut l, course, starts);
    let mut found = Vec::with_capacity(course.parts.len());
    for part in &course.parts {
        l.new_page();
        found.push(l.page());
        part_section(&mut l, part, course.parts.len());
    }
    (l, found)
}

fn block(l: &mut Layout<'_>, kind: Kind, text: &LessonText, style: Style) -> f32 {
    l.open(kind);
    let top = l.text(text, style, MARGIN_X, COLUMN, 0);
    l.close();
    top
}

fn heading(l: &mut Layout<'_>, level: u16, text: &str, style: Style, outline: Option<usize>) {
    l.open(Kind::Heading(level, text.to_string()));
    let top = l.text(&text.into(), style, MARGIN_X, COLUMN, 2);
    l.close();
    if let Some(level) = outline {
        l.outline.push(Mark {
            title: text.to_string(),
            level,
            page: l.page(),
            y: top,
        });
    }
}

/// A coloured band with the title, then what the course is and how to use
/// the guide.
fn cover(l: &mut Layout<'_>, course: &Course) {
    l.rect((0.0, 0.0, PAGE_WIDTH, 330.0), ACCENT);
    l.open(Kind::Sect);
    l.y = 110.0;
    block(
        l,
        Kind::Paragraph,
        &"A GUIDE FROM THE COURSE".into(),
        style(10.0, 14.0, true, PALE, 0.0),
    );
    heading(
        l,
        1,
        GUIDE_TITLE,
        style(30.0, 37.0, true, WHITE, 10.0),
        None,
    );
    block(
        l,
        Kind::Paragraph,
        &course.title.as_str().into(),
        style(14.0, 20.0, false, WHITE, 14.0),
    );
    l.y = 372.0;
    block(
        l,
        Kind::Paragraph,
        &course.summary.as_str().into(),
        style(12.0, 18.5, false, INK, 0.0),
    );
    heading(l, 2, "How to use this guide", H2, None);
    for text in [
        "Take one part a week. Read the lesson, then keep its page at hand while you try the practice with a real colleague.",
        "Each part ends with a question to reflect on, with room to write, and one practice to tick off once you have done it.",
    ] {
        block(l, Kind::Paragraph, &text.into(), BODY);
    }
    l.close();
}

/// "Contents": one linked entry per part, with the page it starts on.
fn contents(l: &mut Layout<'_>, course: &Course, starts: &[usize]) {
    l.open(Kind::Sect);
    heading(l, 1, "Contents", H1, Some(0));
    l.skip(18.0);
    l.open(Kind::Toc);
    for (i, part) in course.parts.iter().enumerate() {
        let target = starts.get(i).copied().unwrap_or(0);
        let top = l.y;
        let baseline = top + 20.0;
        let label = format!("Part {}: ", part.number);
        let page = format!("{}", target + 1);
        let page_x = PAGE_WIDTH - MARGIN_X - l.width(&page, true, 12.0);
        l.open(Kind::TocItem);
        l.open(Kind::Link);
        let label_width = l.width(&label, true, 12.0);
        let title_room = page_x - MARGIN_X - label_width - 12.0;
        let title = clip(l, &part.title, title_room);
        for (x, text, bold, color) in [
            (MARGIN_X, label, true, ACCENT),
            (MARGIN_X + label_width, format!("{title} "), false, INK),
            (page_x, page, true, INK),
        ] {
            l.frag(
                layout::Frag {
                    x,
                    y: baseline,
                    size: 12.0,
                    bold,
                    color,
                    text,
                },
                false,
            );
        }
        l.link(Link {
            rect: (MARGIN_X, top + 4.0, COLUMN, 24.0),
            page: target,
            y: layout::MARGIN_TOP,
            alt: format!("Go to part {}: {}", part.number, part.title),
        });
        l.close();
        l.close();
        l.rect((MARGIN_X, top + 31.0, COLUMN, 0.6), RULE);
        l.y = top + 36.0;
    }
    l.close();
    l.close();
}

/// A title too long for its contents line, cut with an ellipsis.
fn clip(l: &Layout<'_>, title: &str, room: f32) -> String {
    if l.width(title, false, 12.0) <= room {
        return title.to_string();
    }
    let mut out = String::new();
    for c in title.chars() {
        out.push(c);
        if l.width(&format!("{out}…"), false, 12.0) > room {
            out.pop();
            break;
        }
    }
    format!("{}…", out.trim_end())
}

/// One part: title, lesson, reflection, practice.
fn part_section(l: &mut Layout<'_>, part: &Part, count: usize) {
    l.open(Kind::Sect);
    let kicker = format!("PART {} OF {count}", part.number);
    block(l, Kind::Paragraph, &kicker.as_str().into(), KICKER);
    let title = format!("Part {}: {}", part.number, part.title);
    l.open(Kind::Heading(1, title.clone()));
    let top = l.text(&part.title.as_str().into(), H1, MARGIN_X, COLUMN, 2);
    l.close();
    l.outline.push(Mark {
        title,
        level: 0,
        page: l.page(),
        y: top,
    });
    let mut meta = format!("About {} minutes of reading", part.duration_minutes);
    if let Some(end) = part
        .video
        .as_ref()
        .and_then(|v| v.chapters.last())
        .map(|c| c.end_ms)
    {
        let seconds = end / 1000;
        meta.push_str(&format!(
            " · a video of {}:{:02}",
            seconds / 60,
            seconds % 60
        ));
    }
    block(l, Kind::Paragraph, &meta.as_str().into(), META);
    l.rect((MARGIN_X, l.y + 6.0, 56.0, 3.0), ACCENT);
    l.y += 16.0;
    lesson(l, &part.lesson_blocks);
    // The question and the lines to answer it on stay on one page.
    l.need(H2.space_before + H2.leading + 2.0 * BODY.leading + 3.0 * 26.0);
    heading(l, 2, "Reflection", H2, Some(1));
    block(l, Kind::Paragraph, &part.reflection.as_str().into(), BODY);
    for _ in 0..3 {
        l.need(26.0);
        l.rect((MARGIN_X, l.y + 24.0, COLUMN, 0.6), RULE);
        l.y += 26.0;
    }
    heading(l, 2, "Practice this week", H2, Some(1));
    list(l, &[part.practice_text.as_str().into()], "☐");
    l.close();
}

/// The lesson: headings, paragraphs, and runs of items as one list.
fn lesson(l: &mut Layout<'_>, blocks: &[LessonBlock]) {
    let mut i = 0;
    while i < blocks.len() {
        match &blocks[i] {
            LessonBlock::Heading(t) => heading(l, 2, &t.plain(), H2, Some(1)),
            LessonBlock::Paragraph(t) => {
                block(l, Kind::Paragraph, t, BODY);
            }
            LessonBlock::Item(_) => {
                let items: Vec<LessonText> = blocks[i..]
                    .iter()
                    .map_while(|b| match b {
                        LessonBlock::Item(t) => Some(t.clone()),
                        _ => None,
                    })
                    .collect();
                i += items.len();
                list(l, &items, "•");
                continue;
            }
        }
        i += 1;
    }
}

/// A list: each item's marker as its label, the text hanging beside it.
fn list(l: &mut Layout<'_>, items: &[LessonText], marker: &str) {
    const INDENT: f32 = 18.0;
    l.open(Kind::List);
    for (n, item) in items.iter().enumerate() {
        let style = if n == 0 { BODY } else { ITEM };
        l.skip(style.space_before);
        l.need(style.leading);
        l.open(Kind::Item);
        l.open(Kind::Label);
        let baseline = l.y + style.leading * 0.76;
        let frag = layout::Frag {
            x: MARGIN_X + 4.0,
            y: baseline,
            size: style.size,
            bold: false,
            color: ACCENT,
            text: marker.to_string(),
        };
        l.frag(frag, false);
        l.close();
        l.open(Kind::Body);
        l.text(
            item,
            Style {
                space_before: 0.0,
                ..style
            },
            MARGIN_X + INDENT,
            COLUMN - INDENT,
            0,
        );
        l.close();
        l.close();
    }
    l.close();
}
