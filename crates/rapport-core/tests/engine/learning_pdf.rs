//! The PDF guide: a well-formed PDF 1.4 (exact xref, read without repair),
//! with selectable text for every part and a page number on every page.

use lopdf::Document;
use rapport_core::learning::{Course, GUIDE_TITLE, LessonBlock, guide_pdf};

use super::learning::fixture;

fn text_of(doc: &Document) -> Vec<String> {
    doc.get_pages()
        .keys()
        .map(|&n| doc.extract_text(&[n]).expect("text"))
        .collect()
}

/// One string for searching: lines joined, so wrapped text reads on.
fn joined(pages: &[String]) -> String {
    pages
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every xref entry points at the byte where its object starts.
fn assert_xref_exact(pdf: &[u8]) {
    // The header's binary comment is not UTF-8: read the ASCII tail only.
    let tail = std::str::from_utf8(&pdf[pdf.len() - 40..]).expect("ascii tail");
    let startxref: usize = tail
        .rsplit("startxref\n")
        .next()
        .and_then(|s| s.lines().next())
        .and_then(|s| s.parse().ok())
        .expect("startxref");
    assert!(
        pdf[startxref..].starts_with(b"xref\n"),
        "startxref points at the table"
    );
    let table = std::str::from_utf8(&pdf[startxref..]).expect("ascii table");
    let count: usize = table
        .lines()
        .nth(1)
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|n| n.parse().ok())
        .expect("count");
    for (i, line) in table.lines().skip(2).take(count).enumerate().skip(1) {
        assert_eq!(line.len(), 19, "entry {i} is 20 bytes with its newline");
        let offset: usize = line[..10].parse().expect("offset");
        assert!(
            pdf[offset..].starts_with(format!("{i} 0 obj\n").as_bytes()),
            "object {i} at {offset}"
        );
    }
}

/// The file loads with lopdf, the xref is exact, the version and title are right.
#[test]
fn the_guide_is_a_well_formed_pdf() {
    let pdf = guide_pdf(&fixture());
    assert!(pdf.starts_with(b"%PDF-1.4\n"));
    assert!(pdf.ends_with(b"%%EOF\n"));
    assert_xref_exact(&pdf);
    let doc = Document::load_mem(&pdf).expect("lopdf reads it");
    assert_eq!(doc.version, "1.4");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .expect("info");
    let title = doc
        .get_dictionary(info)
        .and_then(|d| d.get(b"Title"))
        .expect("title");
    let title = lopdf::decode_text_string(title).expect("text string");
    assert_eq!(title, GUIDE_TITLE);
    for (_, page) in doc.get_pages() {
        let media = doc
            .get_dictionary(page)
            .and_then(|d| d.get(b"MediaBox"))
            .and_then(|m| m.as_array())
            .expect("box");
        let h = media[3].as_float().expect("height");
        assert!((h - 841.89).abs() < 0.01, "A4");
    }
}

/// Title, every part title, the reflection and practice, and the page numbers are text.
#[test]
fn the_guide_holds_every_part_as_selectable_text() {
    let course = fixture();
    let pdf = guide_pdf(&course);
    let doc = Document::load_mem(&pdf).expect("loads");
    let pages = text_of(&doc);
    let all = joined(&pages);
    assert!(all.contains(GUIDE_TITLE), "{all}");
    for part in &course.parts {
        assert!(
            all.contains(&format!("Part {}: {}", part.number, part.title)),
            "{}",
            part.title
        );
        assert!(all.contains(&part.reflection));
        assert!(all.contains(&part.practice_text));
    }
    assert!(
        all.contains("This is the “first” paragraph — with (parentheses) and a back\\slash."),
        "{all}"
    );
    assert!(all.contains("• Small talk is not small."));
    let total = pages.len();
    assert!(total >= 6, "a title page and a page per part");
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("Page {} of {total}", i + 1)),
            "page {}: {page}",
            i + 1
        );
    }
}

/// A long lesson wraps within the page and flows over several pages.
#[test]
fn a_long_lesson_wraps_and_breaks_pages() {
    let mut course: Course = fixture();
    let sentence = "Trust grows when people keep small promises to each other, week after week. ";
    course.parts[0].lesson_blocks = vec![
        LessonBlock::Heading("A long lesson".into()),
        LessonBlock::Paragraph(sentence.repeat(40)),
        LessonBlock::Item(sentence.repeat(3)),
        LessonBlock::Paragraph(sentence.repeat(120)),
    ];
    let pdf = guide_pdf(&course);
    let doc = Document::load_mem(&pdf).expect("loads");
    let pages = text_of(&doc);
    assert!(pages.len() >= 8, "{} pages", pages.len());
    let longest = pages
        .iter()
        .flat_map(|p| p.lines())
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!(longest < 110, "lines are wrapped, longest {longest} chars");
    assert!(pages[pages.len() - 1].contains(&format!("Page {0} of {0}", pages.len())));
}
