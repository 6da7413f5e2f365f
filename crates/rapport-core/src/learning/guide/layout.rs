//! Lays the guide out on A4 pages: wraps rich text to the column, breaks
//! pages, keeps a heading with what follows, and records the document's
//! structure (headings, paragraphs, lists, contents entries) as it goes, so
//! every piece of text drawn has exactly one place in the tag tree.
//!
//! Coordinates are in points from the top-left corner, as krilla draws.

use super::fonts::Metrics;
use crate::learning::{LessonSpan, LessonText};

/// A4 in points.
pub(super) const PAGE_WIDTH: f32 = 595.28;
pub(super) const PAGE_HEIGHT: f32 = 841.89;
pub(super) const MARGIN_X: f32 = 64.0;
pub(super) const MARGIN_TOP: f32 = 68.0;
/// The text area ends here; the footer sits below it.
pub(super) const TEXT_BOTTOM: f32 = PAGE_HEIGHT - 72.0;
pub(super) const COLUMN: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

pub(super) type Rgb = (u8, u8, u8);

/// How a block of text looks.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    pub size: f32,
    /// Baseline to baseline.
    pub leading: f32,
    pub bold: bool,
    pub color: Rgb,
    /// Space above the block (dropped at the top of a page).
    pub space_before: f32,
}

/// A run of text placed on a page; `y` is its baseline.
#[derive(Debug, Clone)]
pub(super) struct Frag {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub bold: bool,
    pub color: Rgb,
    pub text: String,
}

/// A link on a page to a place in the document.
#[derive(Debug, Clone)]
pub(super) struct Link {
    pub rect: (f32, f32, f32, f32),
    pub page: usize,
    pub y: f32,
    pub alt: String,
}

/// One page: tagged text, decoration (artifacts), links.
#[derive(Debug, Default)]
pub(super) struct Page {
    pub frags: Vec<Frag>,
    pub rects: Vec<((f32, f32, f32, f32), Rgb)>,
    pub links: Vec<Link>,
}

/// A structure element of the tag tree.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    Sect,
    Toc,
    TocItem,
    Link,
    Heading(u16, String),
    Paragraph,
    List,
    Item,
    Label,
    Body,
    Strong,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Child {
    Node(usize),
    /// (page, index in its `frags`)
    Frag(usize, usize),
    /// (page, index in its `links`)
    Link(usize, usize),
}

#[derive(Debug)]
pub(super) struct Node {
    pub kind: Kind,
    pub children: Vec<Child>,
}

/// An outline entry: title, level (0 at the top), page and position.
#[derive(Debug, Clone)]
pub(super) struct Mark {
    pub title: String,
    pub level: usize,
    pub page: usize,
    pub y: f32,
}

pub(super) struct Layout<'m> {
    metrics: &'m Metrics<'static>,
    pub pages: Vec<Page>,
    /// The top of the next line on the current page.
    pub y: f32,
    pub nodes: Vec<Node>,
    /// The top-level structure, in reading order.
    pub roots: Vec<usize>,
    stack: Vec<usize>,
    pub outline: Vec<Mark>,
}

impl<'m> Layout<'m> {
    pub(super) fn new(metrics: &'m Metrics<'static>) -> Self {
        Layout {
            metrics,
            pages: vec![Page::default()],
            y: MARGIN_TOP,
            nodes: Vec::new(),
            roots: Vec::new(),
            stack: Vec::new(),
            outline: Vec::new(),
        }
    }

    pub(super) fn page(&self) -> usize {
        self.pages.len() - 1
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN_TOP;
    }

    fn at_top(&self) -> bool {
        self.y <= MARGIN_TOP
    }

    /// Moves to a new page unless `height` more fits on this one.
    pub(super) fn need(&mut self, height: f32) {
        if self.y + height > TEXT_BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    pub(super) fn skip(&mut self, height: f32) {
        if !self.at_top() {
            self.y += height;
        }
    }

    pub(super) fn width(&self, text: &str, bold: bool, size: f32) -> f32 {
        self.metrics.width(text, bold, size)
    }

    /// Opens a structure element inside the current one.
    pub(super) fn open(&mut self, kind: Kind) {
        let id = self.nodes.len();
        self.nodes.push(Node {
            kind,
            children: Vec::new(),
        });
        match self.stack.last() {
            Some(&parent) => self.nodes[parent].children.push(Child::Node(id)),
            None => self.roots.push(id),
        }
        self.stack.push(id);
    }

    pub(super) fn close(&mut self) {
        self.stack.pop();
    }

    fn attach(&mut self, child: Child) {
        if let Some(&top) = self.stack.last() {
            self.nodes[top].children.push(child);
        }
    }

    /// Draws one run and files it under the current element (inside a
    /// `Strong` element when `strong`).
    pub(super) fn frag(&mut self, frag: Frag, strong: bool) {
        let page = self.page();
        let child = Child::Frag(page, self.pages[page].frags.len());
        self.pages[page].frags.push(frag);
        if strong {
            self.open(Kind::Strong);
            self.attach(child);
            self.close();
        } else {
            self.attach(child);
        }
    }

    /// A filled rectangle on the current page (decoration, not text).
    pub(super) fn rect(&mut self, rect: (f32, f32, f32, f32), color: Rgb) {
        let page = self.page();
        self.pages[page].rects.push((rect, color));
    }

    /// A link on the current page, filed under the current element.
    pub(super) fn link(&mut self, link: Link) {
        let page = self.page();
        let child = Child::Link(page, self.pages[page].links.len());
        self.pages[page].links.push(link);
        self.attach(child);
    }

    /// Text wrapped to `width` from `x`; bold runs are `Strong` unless the
    /// whole style is bold. `keep` lines of what follows must fit below the
    /// first line, so a heading never ends a page. Returns the top of the
    /// first line.
    pub(super) fn text(
        &mut self,
        text: &LessonText,
        style: Style,
        x: f32,
        width: f32,
        keep: usize,
    ) -> f32 {
        let lines = wrap(self.metrics, text, style, width);
        self.skip(style.space_before);
        let keep_lines = if keep > 0 { lines.len() + keep } else { 1 };
        self.need(style.leading * keep_lines as f32);
        let top = self.y;
        let count = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            self.need(style.leading);
            let baseline = self.y + style.leading * 0.76;
            let mut cursor = x;
            let pieces = line.len();
            for (j, mut piece) in line.into_iter().enumerate() {
                let bold = style.bold || piece.strong;
                let advance = self.metrics.width(&piece.text, bold, style.size);
                // A line that wraps keeps its space, so extracted text and
                // screen readers do not run words together.
                if j + 1 == pieces && i + 1 < count {
                    piece.text.push(' ');
                }
                self.frag(
                    Frag {
                        x: cursor,
                        y: baseline,
                        size: style.size,
                        bold,
                        color: style.color,
                        text: piece.text,
                    },
                    piece.strong && !style.bold,
                );
                cursor += advance;
            }
            self.y += style.leading;
        }
        top
    }
}

/// Greedy line breaking at spaces; runs keep their style, and a word wider
/// than the column is split where it must.
fn wrap(
    metrics: &Metrics<'static>,
    text: &LessonText,
    style: Style,
    width: f32,
) -> Vec<Vec<LessonSpan>> {
    let measure = |s: &str, strong: bool| metrics.width(s, style.bold || strong, style.size);
    // Words: each a list of (text, strong) pieces, split at spaces.
    let mut words: Vec<Vec<(String, bool)>> = vec![Vec::new()];
    for span in &text.0 {
        for (i, part) in span.text.split(' ').enumerate() {
            if i > 0 {
                words.push(Vec::new());
            }
            if !part.is_empty()
                && let Some(word) = words.last_mut()
            {
                word.push((part.to_string(), span.strong));
            }
        }
    }
    words.retain(|w| !w.is_empty());
    let space = measure(" ", false);
    let mut lines: Vec<Vec<(String, bool)>> = Vec::new();
    let mut line: Vec<(String, bool)> = Vec::new();
    let mut line_width = 0.0;
    for word in words {
        let word_width: f32 = word.iter().map(|(t, s)| measure(t, *s)).sum();
        let gap = if line.is_empty() { 0.0 } else { space };
        if line_width + gap + word_width <= width || line.is_empty() && word_width <= width {
            if !line.is_empty() {
                let bold_space = line.last().is_some_and(|p| p.1) && word[0].1;
                push_piece(&mut line, " ", bold_space);
            }
            for (t, s) in word {
                push_piece(&mut line, &t, s);
            }
            line_width += gap + word_width;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line_width = 0.0;
        }
        for (t, s) in word {
            for c in t.chars() {
                let w = measure(c.encode_utf8(&mut [0; 4]), s);
                if line_width + w > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                push_piece(&mut line, c.encode_utf8(&mut [0; 4]), s);
                line_width += w;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
        .into_iter()
        .map(|l| {
            l.into_iter()
                .map(|(text, strong)| LessonSpan { text, strong })
                .collect()
        })
        .collect()
}

/// Appends text to the line, to the last piece when the style matches.
fn push_piece(line: &mut Vec<(String, bool)>, text: &str, strong: bool) {
    match line.last_mut() {
        Some((t, s)) if *s == strong => t.push_str(text),
        _ => line.push((text.to_string(), strong)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: Style = Style {
        size: 10.0,
        leading: 14.0,
        bold: false,
        color: (0, 0, 0),
        space_before: 6.0,
    };

    fn rich(parts: &[(&str, bool)]) -> LessonText {
        LessonText(
            parts
                .iter()
                .map(|(t, s)| LessonSpan {
                    text: t.to_string(),
                    strong: *s,
                })
                .collect(),
        )
    }

    #[test]
    fn wraps_within_the_column_and_keeps_bold_runs() {
        let m = Metrics::new().expect("fonts");
        let text = rich(&[
            ("Get to know someone.", true),
            (&" trust".repeat(80), false),
        ]);
        let lines = wrap(&m, &text, BODY, 200.0);
        assert!(lines.len() > 5);
        for line in &lines {
            let w: f32 = line.iter().map(|p| m.width(&p.text, p.strong, 10.0)).sum();
            assert!(w <= 200.0 + 1e-3, "{w}");
        }
        assert_eq!(lines[0][0].text, "Get to know someone.");
        assert!(lines[0][0].strong && !lines[0][1].strong);
        let long = wrap(&m, &"x".repeat(300).as_str().into(), BODY, 100.0);
        assert!(long.len() > 3);
    }

    #[test]
    fn breaks_pages_and_files_every_run_once() {
        let m = Metrics::new().expect("fonts");
        let mut layout = Layout::new(&m);
        layout.open(Kind::Sect);
        for _ in 0..100 {
            layout.open(Kind::Paragraph);
            let t = rich(&[
                ("A paragraph ", false),
                ("of some", true),
                (" length.", false),
            ]);
            layout.text(&t, BODY, MARGIN_X, COLUMN, 0);
            layout.close();
        }
        layout.close();
        assert!(layout.pages.len() > 1);
        assert!(
            layout
                .pages
                .iter()
                .flat_map(|p| &p.frags)
                .all(|f| f.y <= TEXT_BOTTOM)
        );
        let frags: usize = layout.pages.iter().map(|p| p.frags.len()).sum();
        let filed = layout
            .nodes
            .iter()
            .flat_map(|n| &n.children)
            .filter(|c| matches!(c, Child::Frag(..)))
            .count();
        assert_eq!(frags, filed);
        assert_eq!(layout.roots.len(), 1);
    }
}
