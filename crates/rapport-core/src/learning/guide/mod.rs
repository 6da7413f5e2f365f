//! The downloadable guide: "Practical tips for building relationships at
//! work", a PDF made from the course itself.
//!
//! One section per part (its title as a heading, the lesson, the
//! reflection question and the practice), A4 pages numbered "Page N of M".
//! Text is real PDF text in the standard Helvetica fonts, so it can be
//! selected, searched and read aloud; nothing is embedded, so the file is
//! small.

mod layout;
mod metrics;
mod pdf;

use layout::{FOOTER_Y, Layout, Line, PAGE_HEIGHT, PAGE_WIDTH, Style};
use metrics::{Font, encode};
use pdf::Pdf;

use super::{Course, LessonBlock};

/// The guide's title, on its first page and in the PDF's `/Info`.
pub const GUIDE_TITLE: &str = "Practical tips for building relationships at work";

const TITLE: Style = Style {
    font: Font::Bold,
    size: 22.0,
    leading: 28.0,
    space_before: 0.0,
};
const SUBTITLE: Style = Style {
    font: Font::Regular,
    size: 12.0,
    leading: 17.0,
    space_before: 6.0,
};
const HEADING: Style = Style {
    font: Font::Bold,
    size: 16.0,
    leading: 21.0,
    space_before: 18.0,
};
const LABEL: Style = Style {
    font: Font::Bold,
    size: 11.0,
    leading: 15.0,
    space_before: 12.0,
};
const BODY: Style = Style {
    font: Font::Regular,
    size: 10.5,
    leading: 14.5,
    space_before: 7.0,
};
const ITEM: Style = Style {
    space_before: 2.0,
    ..BODY
};
const FOOTER_SIZE: f32 = 9.0;

/// The guide for `course` as PDF bytes.
pub fn guide_pdf(course: &Course) -> Vec<u8> {
    let mut layout = Layout::new();
    layout.block(GUIDE_TITLE, TITLE, None, false);
    layout.block(
        &format!("From the course “{}”", course.title),
        SUBTITLE,
        None,
        false,
    );
    layout.block(&course.summary, BODY, None, false);
    for part in &course.parts {
        layout.page_break();
        layout.block(
            &format!("Part {}: {}", part.number, part.title),
            HEADING,
            None,
            true,
        );
        lesson(&mut layout, &part.lesson_blocks);
        layout.block("Reflection", LABEL, None, true);
        layout.block(&part.reflection, BODY, None, false);
        layout.block("Practice", LABEL, None, true);
        layout.block(&part.practice_text, BODY, None, false);
    }
    write(layout.pages)
}

/// The lesson's outline: headings in bold, items hang under their bullet,
/// items of one list close together.
fn lesson(layout: &mut Layout, blocks: &[LessonBlock]) {
    let mut previous_item = false;
    for block in blocks {
        match block {
            LessonBlock::Heading(t) => layout.block(t, LABEL, None, true),
            LessonBlock::Paragraph(t) => layout.block(t, BODY, None, false),
            LessonBlock::Item(t) => {
                let style = if previous_item { ITEM } else { BODY };
                layout.block(&format!("• {t}"), style, Some("• "), false);
            }
        }
        previous_item = matches!(block, LessonBlock::Item(_));
    }
}

/// Numbers the pages and writes the file.
fn write(pages: Vec<Vec<Line>>) -> Vec<u8> {
    let mut pdf = Pdf::default();
    let catalog = pdf.reserve();
    let page_tree = pdf.reserve();
    let regular = pdf.add(font_dict("Helvetica"));
    let bold = pdf.add(font_dict("Helvetica-Bold"));
    let info = pdf.add(format!(
        "<< /Title {} /Producer (rapport) >>",
        pdf::text_string(GUIDE_TITLE)
    ));
    let total = pages.len();
    let mut kids = Vec::with_capacity(total);
    for (i, mut lines) in pages.into_iter().enumerate() {
        lines.push(footer(i + 1, total));
        let contents = pdf.add_stream(&pdf::content(&lines));
        kids.push(pdf.add(format!(
            "<< /Type /Page /Parent {page_tree} 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] \
             /Resources << /Font << /F1 {regular} 0 R /F2 {bold} 0 R >> >> /Contents {contents} 0 R >>"
        )));
    }
    let kids: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
    pdf.set(
        page_tree,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {total} >>",
            kids.join(" ")
        ),
    );
    pdf.set(
        catalog,
        format!("<< /Type /Catalog /Pages {page_tree} 0 R >>"),
    );
    pdf.finish(catalog, info)
}

fn font_dict(name: &str) -> String {
    format!("<< /Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding >>")
}

/// "Page N of M", centred at the foot of the page.
fn footer(n: usize, total: usize) -> Line {
    let text = encode(&format!("Page {n} of {total}"));
    let width = Font::Regular.width(&text, FOOTER_SIZE);
    Line {
        font: Font::Regular,
        size: FOOTER_SIZE,
        x: (PAGE_WIDTH - width) / 2.0,
        y: FOOTER_Y,
        text,
    }
}
