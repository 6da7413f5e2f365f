//! Lesson Markdown to safe HTML, to plain text, and to a short preview.
//!
//! Content is written by admins, and a lesson is shown to everyone in the
//! organization, so raw HTML is dropped (lessons are Markdown; never passed
//! through, `<script>` included) and what pulldown-cmark renders is cleaned
//! by ammonia: only the tags Markdown makes, and link or image targets only
//! when they are http(s), mailto or relative, since a `javascript:` link
//! would run in the reader's session.

use std::collections::HashSet;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
use serde::{Deserialize, Serialize};

/// About how many words a preview holds.
pub(super) const PREVIEW_WORDS: usize = 120;

/// Markdown to HTML, without raw HTML or unsafe link targets.
pub(super) fn to_html(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, Options::empty())
        .filter(|event| !matches!(event, Event::Html(_) | Event::InlineHtml(_)));
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    clean(&out)
}

/// The tags pulldown-cmark renders with `Options::empty()`.
const TAGS: [&str; 19] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "em",
    "strong",
    "a",
    "img",
    "hr",
    "br",
];

/// HTML reduced to [`TAGS`] with the attributes Markdown gives them, and
/// targets with an allowed scheme (or none: relative). Links get
/// `rel="noopener noreferrer"`, ammonia's default.
fn clean(html: &str) -> String {
    ammonia::Builder::default()
        .tags(HashSet::from(TAGS))
        .generic_attributes(HashSet::new())
        .tag_attributes(
            [
                ("a", HashSet::from(["href", "title"])),
                ("img", HashSet::from(["src", "alt", "title"])),
                ("ol", HashSet::from(["start"])),
                ("code", HashSet::from(["class"])), // language-…, from fenced code
            ]
            .into(),
        )
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .clean(html)
        .to_string()
}

/// One block of a lesson: the lesson's outline, which the PDF guide lays
/// out (headings, paragraphs, items with a hanging bullet), with its bold
/// runs kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Block {
    Heading(Text),
    Paragraph(Text),
    Item(Text),
}

impl Block {
    pub fn text(&self) -> &Text {
        match self {
            Block::Heading(t) | Block::Paragraph(t) | Block::Item(t) => t,
        }
    }
}

/// Inline text as runs, each regular or bold (`**strong**` in Markdown);
/// other inline markup is reduced to its text. Whitespace is collapsed to
/// single spaces, and the text neither starts nor ends with one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(pub Vec<Span>);

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub text: String,
    pub strong: bool,
}

impl Text {
    /// The text without its styles.
    pub fn plain(&self) -> String {
        self.0.iter().map(|s| s.text.as_str()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|s| s.text.is_empty())
    }

    /// Collapses whitespace across runs, trims both ends, and merges
    /// neighbouring runs of one style.
    fn normalized(self) -> Text {
        let mut out: Vec<Span> = Vec::new();
        let mut after_space = true; // nothing yet: a leading space is dropped
        for span in self.0 {
            for c in span.text.chars() {
                let space = c.is_whitespace();
                if space && after_space {
                    continue;
                }
                if out.last().is_none_or(|s| s.strong != span.strong) {
                    out.push(Span {
                        text: String::new(),
                        strong: span.strong,
                    });
                }
                if let Some(last) = out.last_mut() {
                    last.text.push(if space { ' ' } else { c });
                }
                after_space = space;
            }
        }
        if let Some(last) = out.last_mut()
            && last.text.ends_with(' ')
        {
            last.text.pop();
        }
        out.retain(|s| !s.text.is_empty());
        Text(out)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text(vec![Span {
            text: text.to_string(),
            strong: false,
        }])
        .normalized()
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text::from(text.as_str())
    }
}

/// The lesson's blocks in order; inline markup other than bold is reduced
/// to its text and raw HTML is dropped.
pub(super) fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut text = Text::default();
    let mut item_depth = 0usize;
    let mut strong = 0usize;
    let flush = |text: &mut Text, make: fn(Text) -> Block, out: &mut Vec<Block>| {
        let t = std::mem::take(text).normalized();
        if !t.is_empty() {
            out.push(make(t));
        }
    };
    let push = |text: &mut Text, t: &str, strong: bool| {
        text.0.push(Span {
            text: t.to_string(),
            strong,
        })
    };
    for event in Parser::new_ext(markdown, Options::empty()) {
        match event {
            Event::Text(t) | Event::Code(t) => push(&mut text, &t, strong > 0),
            Event::SoftBreak | Event::HardBreak => push(&mut text, " ", false),
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Start(Tag::Item) => {
                // Text before a nested list belongs to the outer item.
                flush(&mut text, Block::Item, &mut out);
                item_depth += 1;
            }
            Event::End(TagEnd::Item) => {
                flush(&mut text, Block::Item, &mut out);
                item_depth = item_depth.saturating_sub(1);
            }
            Event::End(TagEnd::Heading(_)) => flush(&mut text, Block::Heading, &mut out),
            Event::End(TagEnd::Paragraph) if item_depth == 0 => {
                flush(&mut text, Block::Paragraph, &mut out)
            }
            Event::End(TagEnd::Paragraph) => push(&mut text, " ", false),
            Event::End(TagEnd::CodeBlock | TagEnd::BlockQuote(_)) => {
                flush(&mut text, Block::Paragraph, &mut out)
            }
            _ => {}
        }
    }
    flush(&mut text, Block::Paragraph, &mut out);
    out
}

/// Blocks as text, one per line, separated by a blank line; list items of
/// one list are on consecutive lines, each starting `• `.
pub(super) fn to_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut previous_item = false;
    for block in blocks {
        let is_item = matches!(block, Block::Item(_));
        if !out.is_empty() {
            out.push_str(if is_item && previous_item {
                "\n"
            } else {
                "\n\n"
            });
        }
        match block {
            Block::Heading(t) | Block::Paragraph(t) => out.push_str(&t.plain()),
            Block::Item(t) => {
                out.push_str("• ");
                out.push_str(&t.plain());
            }
        }
        previous_item = is_item;
    }
    out
}

/// The most a first paragraph may have and still be taken whole: "about"
/// 120 words, so a paragraph of 130 is not cut for ten words.
pub(super) const PREVIEW_SLACK_WORDS: usize = 150;

/// The opening paragraphs, whole, while they fit in about
/// [`PREVIEW_WORDS`] words. A first paragraph longer than
/// [`PREVIEW_SLACK_WORDS`] is cut after its last sentence that ends within
/// [`PREVIEW_WORDS`] (or at a word, with `…`, when even the first sentence
/// is longer). Headings and lists before the first paragraph are skipped:
/// the preview is prose.
pub(super) fn preview(blocks: &[Block]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut words = 0;
    for block in blocks {
        let Block::Paragraph(p) = block else {
            if out.is_empty() {
                continue;
            }
            break;
        };
        let p = p.plain();
        let n = p.split_whitespace().count();
        if out.is_empty() && n > PREVIEW_SLACK_WORDS {
            return cut(&p);
        }
        if !out.is_empty() && words + n > PREVIEW_WORDS {
            break;
        }
        words += n;
        out.push(p);
    }
    out.join("\n\n")
}

/// A long paragraph's opening, cut at a sentence end if one is in reach.
fn cut(paragraph: &str) -> String {
    let first: Vec<&str> = paragraph.split_whitespace().take(PREVIEW_WORDS).collect();
    let sentence_end = first
        .iter()
        .rposition(|w| w.ends_with(['.', '!', '?']) || w.ends_with(".”") || w.ends_with(".\""));
    match sentence_end {
        Some(i) => first[..=i].join(" "),
        None => format!("{}…", first.join(" ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_raw_html_and_unsafe_links() {
        let html = to_html(
            "Hi <b>there</b>\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](https://e.org) [z](/a:b)",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains("href=\"https://e.org\""));
        assert!(html.contains("href=\"/a:b\""));
    }

    /// Whatever reaches the cleaner, `<script>`, `javascript:` targets and
    /// event-handler attributes do not come out; safe links and images do.
    #[test]
    fn scripts_javascript_links_and_onerror_attributes_are_gone() {
        let html = clean(concat!(
            "<p>a<script>alert(1)</script></p>",
            "<a href=\"javascript:alert(2)\" onclick=\"alert(3)\">x</a>",
            "<a href=\"JaVaScRiPt:alert(4)\">y</a>",
            "<img src=\"x.png\" onerror=\"alert(5)\" alt=\"pic\">",
            "<a href=\"mailto:a@e.org\">m</a><a href=\"lesson-2\">r</a>",
            "<div style=\"color:red\"><iframe src=\"https://e.org\"></iframe>text</div>",
        ));
        for bad in [
            "script",
            "alert",
            "javascript",
            "JaVaScRiPt",
            "onerror",
            "onclick",
            "<div",
            "style",
            "iframe",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        for good in [
            "<img src=\"x.png\" alt=\"pic\">",
            "href=\"mailto:a@e.org\"",
            "href=\"lesson-2\"",
            "rel=\"noopener noreferrer\"",
            "text",
        ] {
            assert!(html.contains(good), "{good} not in {html}");
        }
        let md =
            to_html("<javascript:alert(6)> ![i](javascript:alert(7)) <img src=x onerror=alert(8)>");
        // The autolink's text stays as text; no target or handler does.
        for bad in ["href", "src", "onerror", "alert(7)", "alert(8)"] {
            assert!(!md.contains(bad), "{bad} in {md}");
        }
    }

    #[test]
    fn blocks_keep_bold_runs() {
        let b = blocks("**Get to know someone.** Pick a  *colleague*\nyou **barely** know.");
        let Block::Paragraph(t) = &b[0] else {
            panic!("{b:?}")
        };
        let runs: Vec<(&str, bool)> = t.0.iter().map(|s| (s.text.as_str(), s.strong)).collect();
        assert_eq!(
            runs,
            [
                ("Get to know someone.", true),
                (" Pick a colleague you ", false),
                ("barely", true),
                (" know.", false)
            ]
        );
        assert_eq!(Text::from("  a \n b "), Text::from("a b"));
    }

    #[test]
    fn text_keeps_blocks_and_lists() {
        let b = blocks("## Why\n\nTrust **is** *built*.\n\n- one\n- two\n\nEnd.");
        assert_eq!(
            to_text(&b),
            "Why\n\nTrust is built.\n\n• one\n• two\n\nEnd."
        );
    }

    #[test]
    fn preview_takes_whole_paragraphs_then_cuts() {
        let long = "word ".repeat(200);
        let b = blocks(&format!("## H\n\nFirst one.\n\nSecond.\n\n{long}"));
        assert_eq!(preview(&b), "First one.\n\nSecond.");
        let words = preview(&blocks(&long));
        assert_eq!(words.split_whitespace().count(), PREVIEW_WORDS);
        assert!(words.ends_with('…'));
        let sentences = "Five words in a sentence. ".repeat(40);
        let cut = preview(&blocks(&sentences));
        assert_eq!(cut.split_whitespace().count(), 120);
        assert!(cut.ends_with("sentence."));
        let about = "Five words in a sentence. ".repeat(28);
        assert_eq!(
            preview(&blocks(&about)),
            about.trim(),
            "140 words are about 120"
        );
    }
}
