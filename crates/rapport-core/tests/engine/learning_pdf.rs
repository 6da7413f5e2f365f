//! The PDF guide: a PDF that lopdf reads, with selectable text for every
//! part and a page number on every page; a contents page whose entries link
//! to the parts; an outline; embedded fonts that print Greek and Cyrillic
//! as written; tagged for screen readers.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object};
use rapport_core::learning::{
    Course, GUIDE_TITLE, LessonBlock, guide_pdf, parse_course, try_guide_pdf,
};

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

fn load(pdf: &[u8]) -> Document {
    Document::load_mem(pdf).expect("lopdf reads it")
}

fn catalog(doc: &Document) -> &Dictionary {
    doc.catalog().expect("a catalog")
}

fn dict<'a>(doc: &'a Document, object: &'a Object) -> &'a Dictionary {
    match object {
        Object::Reference(r) => doc.get_dictionary(*r).expect("a dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

/// Every dictionary in the file whose `key` is the name `value`.
fn dicts_with<'a>(doc: &'a Document, key: &[u8], value: &[u8]) -> Vec<&'a Dictionary> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(key)
                .and_then(Object::as_name)
                .is_ok_and(|n| n == value)
        })
        .collect()
}

/// The file loads, says PDF 1.7, has the title, and every page is A4.
#[test]
fn the_guide_is_a_well_formed_pdf() {
    let pdf = guide_pdf(&fixture());
    assert!(pdf.starts_with(b"%PDF-1.7"));
    let doc = load(&pdf);
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .expect("info");
    let title = doc
        .get_dictionary(info)
        .and_then(|d| d.get(b"Title"))
        .expect("title");
    assert_eq!(lopdf::decode_text_string(title).expect("text"), GUIDE_TITLE);
    for (_, page) in doc.get_pages() {
        let media = doc
            .get_dictionary(page)
            .and_then(|d| d.get(b"MediaBox"))
            .and_then(Object::as_array)
            .expect("box");
        let h = media[3].as_float().expect("height");
        assert!((h - 841.89).abs() < 0.01, "A4");
    }
}

/// Title, every part title, the reflection and practice, and the page numbers are text.
#[test]
fn the_guide_holds_every_part_as_selectable_text() {
    let course = fixture();
    let doc = load(&guide_pdf(&course));
    let pages = text_of(&doc);
    let all = joined(&pages);
    assert!(all.contains(GUIDE_TITLE), "{all}");
    assert!(all.contains("Contents"));
    for part in &course.parts {
        assert!(
            all.contains(&format!("Part {}: {}", part.number, part.title)),
            "{}",
            part.title
        );
        assert!(all.contains(&part.reflection));
        assert!(
            all.contains(&format!("☐ {}", part.practice_text)),
            "a checklist"
        );
    }
    assert!(
        all.contains("This is the “first” paragraph — with (parentheses) and a back\\slash."),
        "{all}"
    );
    assert!(all.contains("• Small talk is not small."));
    let total = pages.len();
    assert!(total >= 7, "a cover, a contents page and a page per part");
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("Page {} of {total}", i + 1)),
            "page {}: {page}",
            i + 1
        );
    }
}

/// The cover is not an empty page: a title band, the summary, how to use it.
#[test]
fn the_cover_says_what_the_guide_is_and_how_to_use_it() {
    let course = fixture();
    let doc = load(&guide_pdf(&course));
    let cover = joined(&text_of(&doc)[..1]);
    assert!(cover.contains(GUIDE_TITLE));
    assert!(cover.contains(&course.title));
    assert!(cover.contains(&course.summary));
    assert!(cover.contains("How to use this guide"));
}

/// The contents page links each entry to the page its part starts on,
/// and that page number is printed in the entry.
#[test]
fn the_contents_link_to_the_parts() {
    let course = fixture();
    let doc = load(&guide_pdf(&course));
    let pages = doc.get_pages();
    let page_ids: Vec<_> = pages.values().copied().collect();
    let contents = doc
        .get_page_annotations(page_ids[1])
        .expect("annotations on the contents page");
    assert_eq!(contents.len(), course.parts.len());
    let text = text_of(&doc);
    for (link, part) in contents.iter().zip(&course.parts) {
        assert_eq!(
            link.get(b"Subtype").and_then(Object::as_name).ok(),
            Some(&b"Link"[..])
        );
        let dest = link.get(b"Dest").expect("a destination");
        let dest = match dest {
            Object::Reference(r) => doc.get_object(*r).expect("dest"),
            other => other,
        };
        let target = dest.as_array().expect("an explicit destination")[0]
            .as_reference()
            .expect("a page");
        let index = page_ids
            .iter()
            .position(|p| *p == target)
            .expect("a page of the guide");
        assert!(
            text[index].contains(&part.title),
            "part {} links to page {}",
            part.number,
            index + 1
        );
        let entry = joined(&text[1..2]);
        assert!(
            entry.contains(&format!("{} {}", part.title, index + 1)),
            "{entry}"
        );
    }
}

/// Bookmarks: Contents, then each part with its lesson headings under it.
#[test]
fn the_guide_has_an_outline_of_the_parts() {
    let course = fixture();
    let doc = load(&guide_pdf(&course));
    let outlines = dict(&doc, catalog(&doc).get(b"Outlines").expect("an outline"));
    let mut titles = Vec::new();
    let mut next = outlines.get(b"First").ok();
    while let Some(item) = next {
        let item = dict(&doc, item);
        titles.push(lopdf::decode_text_string(item.get(b"Title").expect("title")).expect("text"));
        if titles.len() == 2 {
            let child = dict(&doc, item.get(b"First").expect("part 1 has headings"));
            let heading = lopdf::decode_text_string(child.get(b"Title").expect("title"));
            assert_eq!(heading.expect("text"), "Why it matters");
        }
        next = item.get(b"Next").ok();
    }
    let mut expected = vec!["Contents".to_string()];
    expected.extend(
        course
            .parts
            .iter()
            .map(|p| format!("Part {}: {}", p.number, p.title)),
    );
    assert_eq!(titles, expected);
}

/// No standard, unembedded font: every font carries its own file.
#[test]
fn the_fonts_are_embedded() {
    let doc = load(&guide_pdf(&fixture()));
    let descriptors = dicts_with(&doc, b"Type", b"FontDescriptor");
    assert_eq!(descriptors.len(), 2, "regular and bold");
    for d in descriptors {
        assert!(
            d.has(b"FontFile2") || d.has(b"FontFile3"),
            "embedded: {d:?}"
        );
    }
    for font in dicts_with(&doc, b"Type", b"Font") {
        let subtype = font
            .get(b"Subtype")
            .and_then(Object::as_name)
            .expect("subtype");
        assert_ne!(subtype, b"Type1", "no standard Type 1 fonts");
    }
}

/// Tagged PDF: marked, a structure tree with headings, paragraphs, lists,
/// contents entries and bold runs, the language, and the title shown.
#[test]
fn the_guide_is_tagged_for_screen_readers() {
    let doc = load(&guide_pdf(&fixture()));
    let cat = catalog(&doc);
    assert!(cat.has(b"StructTreeRoot"), "{cat:?}");
    let mark_info = dict(&doc, cat.get(b"MarkInfo").expect("MarkInfo"));
    assert_eq!(
        mark_info.get(b"Marked").and_then(Object::as_bool).ok(),
        Some(true)
    );
    let lang = cat.get(b"Lang").expect("Lang");
    assert_eq!(lopdf::decode_text_string(lang).expect("text"), "en");
    let roles: BTreeSet<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"P") && d.has(b"S"))
        .filter_map(|d| d.get(b"S").and_then(Object::as_name).ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    for role in [
        "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "TOC", "TOCI", "Link", "Sect",
    ] {
        assert!(roles.contains(role), "{role} in {roles:?}");
    }
    let prefs = dict(&doc, cat.get(b"ViewerPreferences").expect("prefs"));
    assert_eq!(
        prefs.get(b"DisplayDocTitle").and_then(Object::as_bool).ok(),
        Some(true)
    );
}

/// Markdown bold stays bold: the built-in course's "**Get to know
/// someone.**" is a Strong element, drawn in the bold face.
#[test]
fn bold_text_is_kept_as_strong() {
    let course = fixture();
    let mut course = course;
    course.parts[0].lesson_blocks = vec![LessonBlock::Paragraph(
        rapport_core::learning::LessonText(vec![
            rapport_core::learning::LessonSpan {
                text: "Get to know someone.".into(),
                strong: true,
            },
            rapport_core::learning::LessonSpan {
                text: " Pick a colleague.".into(),
                strong: false,
            },
        ]),
    )];
    let doc = load(&guide_pdf(&course));
    let strong = dicts_with(&doc, b"S", b"Strong");
    assert!(!strong.is_empty(), "a Strong element");
    assert!(joined(&text_of(&doc)).contains("Get to know someone. Pick a colleague."));
}

/// A long lesson wraps within the page and flows over several pages.
#[test]
fn a_long_lesson_wraps_and_breaks_pages() {
    let mut course: Course = fixture();
    let sentence = "Trust grows when people keep small promises to each other, week after week. ";
    course.parts[0].lesson_blocks = vec![
        LessonBlock::Heading("A long lesson".into()),
        LessonBlock::Paragraph(sentence.repeat(40).into()),
        LessonBlock::Item(sentence.repeat(3).into()),
        LessonBlock::Paragraph(sentence.repeat(120).into()),
    ];
    let doc = load(&guide_pdf(&course));
    let pages = text_of(&doc);
    assert!(pages.len() >= 9, "{} pages", pages.len());
    let longest = pages
        .iter()
        .flat_map(|p| p.lines())
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!(longest < 110, "lines are wrapped, longest {longest} chars");
    assert!(pages[pages.len() - 1].contains(&format!("Page {0} of {0}", pages.len())));
}

/// A course in Greek with Cyrillic in it, made here, not on disk.
fn greek_course() -> Course {
    let part = |n: u8| {
        format!(
            "---\nnumber: {n}\ntitle: \"Μέρος {n}: Εμπιστοσύνη\"\nduration_minutes: 5\nreflection: Ποιον εμπιστεύεστε;\npractice: delegate\npractice_text: Αναθέστε μια μικρή εργασία.\n---\nΗ εμπιστοσύνη χτίζεται με μικρά βήματα. По-русски: **доверие** строится шаг за шагом.\n\n- Ρωτήστε «γιατί»\n"
        )
    };
    let mut files = vec![(
        "course.md".to_string(),
        "---\nslug: el\ntitle: Σχέσεις στη δουλειά\nsummary: Ένα σύντομο μάθημα για την εμπιστοσύνη.\nlanguage: el\n---\n".to_string(),
    )];
    files.extend((1..=5).map(|n| (format!("part-{n}.md"), part(n))));
    let load = parse_course("el", &files);
    assert_eq!(load.errors, [], "the Greek course loads");
    load.course.expect("course")
}

/// Greek and Cyrillic come out of the PDF as the same characters (no `?`),
/// and the document says it is Greek.
#[test]
fn greek_and_cyrillic_text_extracts_as_written() {
    let course = greek_course();
    let pdf = try_guide_pdf(&course).expect("a guide");
    let doc = load(&pdf);
    let all = joined(&text_of(&doc));
    for words in [
        "Σχέσεις στη δουλειά",
        "Part 3: Μέρος 3: Εμπιστοσύνη",
        "Η εμπιστοσύνη χτίζεται με μικρά βήματα.",
        "По-русски: доверие строится шаг за шагом.",
        "• Ρωτήστε «γιατί»",
        "☐ Αναθέστε μια μικρή εργασία.",
    ] {
        assert!(all.contains(words), "{words} in {all}");
    }
    assert!(!all.contains('?'), "nothing became ?: {all}");
    let lang = catalog(&doc).get(b"Lang").expect("Lang");
    assert_eq!(lopdf::decode_text_string(lang).expect("text"), "el");
    // A second reader, when the machine has one: poppler's pdftotext.
    let path = std::env::temp_dir().join(format!("rapport-guide-el-{}.pdf", std::process::id()));
    std::fs::write(&path, &pdf).expect("write");
    match std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("доверие строится"), "{text}");
            assert!(text.contains("Η εμπιστοσύνη χτίζεται"), "{text}");
        }
        _ => eprintln!("pdftotext is not installed (poppler-utils): checked with lopdf only"),
    }
    let _ = std::fs::remove_file(&path);
}

/// Text the fonts cannot draw (an emoji) still gives a guide; it just does
/// not claim PDF/UA, whose check refuses missing glyphs.
#[test]
fn a_course_with_characters_the_fonts_lack_still_gets_a_guide() {
    let claims_ua = |pdf: &[u8]| pdf.windows(14).any(|w| w == b"<pdfuaid:part>");
    let course = fixture();
    assert!(
        claims_ua(&guide_pdf(&course)),
        "the usual guide is PDF/UA-1"
    );
    let mut odd = course;
    odd.parts[1].reflection = "Who made you smile 🙂 this week?".into();
    let pdf = try_guide_pdf(&odd).expect("a guide all the same");
    assert!(!claims_ua(&pdf));
    let doc = load(&pdf);
    assert!(catalog(&doc).has(b"StructTreeRoot"), "still tagged");
    assert!(joined(&text_of(&doc)).contains("Who made you smile"));
}
