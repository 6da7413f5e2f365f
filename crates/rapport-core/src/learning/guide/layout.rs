//! Lays text out on A4 pages: wraps it to the column, breaks pages, and
//! keeps a heading with the line after it.

use super::metrics::{Font, encode};

/// A4 in points.
pub(super) const PAGE_WIDTH: f32 = 595.28;
pub(super) const PAGE_HEIGHT: f32 = 841.89;
/// About 2 cm.
pub(super) const MARGIN: f32 = 57.0;
/// The footer's baseline, below the text area.
pub(super) const FOOTER_Y: f32 = 30.0;

/// One line of text placed on a page, already encoded.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Line {
    pub font: Font,
    pub size: f32,
    pub x: f32,
    pub y: f32,
    pub text: Vec<u8>,
}

/// A style for a run of text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    pub font: Font,
    pub size: f32,
    /// Baseline to baseline.
    pub leading: f32,
    /// Space before the block.
    pub space_before: f32,
}

/// Pages of placed lines, filled top to bottom.
#[derive(Debug, Default)]
pub(super) struct Layout {
    pub pages: Vec<Vec<Line>>,
    y: f32,
}

impl Layout {
    pub(super) fn new() -> Self {
        let mut layout = Layout::default();
        layout.new_page();
        layout
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = PAGE_HEIGHT - MARGIN;
    }

    fn room_for(&self, height: f32) -> bool {
        self.y - height >= MARGIN
    }

    /// A block of text, wrapped to the column. `hang` indents the lines
    /// after the first by the width of the first line's marker (a bullet).
    /// A heading (`keep_with_next`) moves to a new page unless two more
    /// lines fit below it.
    pub(super) fn block(
        &mut self,
        text: &str,
        style: Style,
        hang: Option<&str>,
        keep_with_next: bool,
    ) {
        let width = PAGE_WIDTH - 2.0 * MARGIN;
        let indent = hang.map_or(0.0, |m| style.font.width(&encode(m), style.size));
        let lines = wrap(&encode(text), style, width, indent);
        let needed = style.space_before
            + style.leading
                * if keep_with_next {
                    lines.len() as f32 + 2.0
                } else {
                    1.0
                };
        if !self.room_for(needed) && !self.current_page_is_empty() {
            self.new_page();
        } else if !self.current_page_is_empty() {
            self.y -= style.space_before;
        }
        for (i, text) in lines.into_iter().enumerate() {
            if !self.room_for(style.leading) {
                self.new_page();
            }
            self.y -= style.leading;
            let x = MARGIN + if i > 0 { indent } else { 0.0 };
            let line = Line {
                font: style.font,
                size: style.size,
                x,
                y: self.y,
                text,
            };
            if let Some(page) = self.pages.last_mut() {
                page.push(line);
            }
        }
    }

    /// Starts the next block on a new page (each part opens a page).
    pub(super) fn page_break(&mut self) {
        if !self.current_page_is_empty() {
            self.new_page();
        }
    }

    fn current_page_is_empty(&self) -> bool {
        self.pages.last().is_none_or(Vec::is_empty)
    }
}

/// Greedy wrapping at spaces; a word wider than the column is split.
fn wrap(text: &[u8], style: Style, width: f32, indent: f32) -> Vec<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    let fits = |line: &[u8], n: usize| {
        let room = if n == 0 { width } else { width - indent };
        style.font.width(line, style.size) <= room
    };
    for word in text.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
        let mut candidate = line.clone();
        if !candidate.is_empty() {
            candidate.push(b' ');
        }
        candidate.extend_from_slice(word);
        if fits(&candidate, lines.len()) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for &b in word {
            line.push(b);
            if !fits(&line, lines.len()) && line.len() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, vec![b]));
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: Style = Style {
        font: Font::Regular,
        size: 10.0,
        leading: 14.0,
        space_before: 6.0,
    };

    #[test]
    fn wraps_within_the_column() {
        let text = "trust ".repeat(200);
        let lines = wrap(&encode(&text), BODY, 200.0, 0.0);
        assert!(lines.len() > 10);
        assert!(lines.iter().all(|l| Font::Regular.width(l, 10.0) <= 200.0));
        let long = wrap(&encode(&"x".repeat(300)), BODY, 100.0, 0.0);
        assert!(long.iter().all(|l| Font::Regular.width(l, 10.0) <= 100.0));
    }

    #[test]
    fn breaks_pages() {
        let mut layout = Layout::new();
        for _ in 0..100 {
            layout.block("A paragraph of some length.", BODY, None, false);
        }
        assert!(layout.pages.len() > 1);
        assert!(layout.pages.iter().flatten().all(|l| l.y >= MARGIN));
    }
}
