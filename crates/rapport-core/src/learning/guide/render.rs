//! Writes the laid-out guide with krilla: embedded, subset fonts; every run
//! of text tagged into the structure tree and everything else marked as an
//! artifact; links from the contents; the outline; the document's title
//! and language. PDF/UA-1 is asked for first, so krilla checks the
//! accessibility rules it can check; a course whose text the fonts cannot
//! show (an emoji, say) fails that check and is written as plain tagged PDF.

use std::num::NonZeroU16;

use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::{Destination, XyzDestination};
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node as TagNode, SpanTag, Tag,
    TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};

use super::fonts;
use super::layout::{Child, Frag, Kind, Layout, PAGE_HEIGHT, PAGE_WIDTH, Rgb};

/// Why the guide could not be written.
#[derive(Debug, thiserror::Error)]
pub enum GuideError {
    #[error("the guide's fonts did not load")]
    Fonts,
    #[error("the PDF writer failed: {0}")]
    Pdf(String),
}

/// What the document says about itself.
pub(super) struct Info<'a> {
    pub title: &'a str,
    pub subject: &'a str,
    pub language: &'a str,
    /// Footer text at the left of every page.
    pub footer: &'a str,
}

/// The PDF bytes: PDF/UA-1 when krilla's checks pass, else the same
/// document without the claim.
pub(super) fn write(layout: &Layout<'_>, info: &Info<'_>) -> Result<Vec<u8>, GuideError> {
    match write_with(layout, info, true) {
        Ok(pdf) => Ok(pdf),
        Err(_) => write_with(layout, info, false),
    }
}

fn write_with(layout: &Layout<'_>, info: &Info<'_>, ua: bool) -> Result<Vec<u8>, GuideError> {
    let regular = Font::new(fonts::REGULAR.into(), 0).ok_or(GuideError::Fonts)?;
    let bold = Font::new(fonts::BOLD.into(), 0).ok_or(GuideError::Fonts)?;
    let mut settings = SerializeSettings::default();
    if ua {
        settings.configuration = ConfigurationBuilder::new()
            .with_accessibility_validator(Accessibility::UA1)
            .finish()
            .map_err(|e| GuideError::Pdf(format!("{e:?}")))?;
    }
    let mut document = Document::new_with(settings);
    let total = layout.pages.len();
    // Identifiers of every tagged run and link, by page, for the tag tree.
    let mut frag_ids: Vec<Vec<Option<Identifier>>> = Vec::with_capacity(total);
    let mut link_ids: Vec<Vec<Option<Identifier>>> = Vec::with_capacity(total);
    for (n, page) in layout.pages.iter().enumerate() {
        let size = Size::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or(GuideError::Fonts)?;
        let mut pdf_page = document.start_page_with(PageSettings::new(size));
        let mut links = Vec::new();
        for link in &page.links {
            let (x, y, w, h) = link.rect;
            let Some(rect) = Rect::from_xywh(x, y, w, h) else {
                continue;
            };
            let target = XyzDestination::new(link.page, Point::from_xy(0.0, link.y));
            let annotation = Annotation::new_link(
                LinkAnnotation::new(rect, Target::Destination(Destination::Xyz(target))),
                Some(link.alt.clone()),
            );
            links.push(Some(pdf_page.add_tagged_annotation(annotation)));
        }
        link_ids.push(links);
        let mut surface = pdf_page.surface();
        for ((x, y, w, h), color) in &page.rects {
            if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                let mut path = PathBuilder::new();
                path.push_rect(rect);
                if let Some(path) = path.finish() {
                    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                        ArtifactType::Layout,
                    )));
                    fill(&mut surface, *color);
                    surface.draw_path(&path);
                    surface.end_tagged();
                }
            }
        }
        let mut ids = Vec::with_capacity(page.frags.len());
        for frag in &page.frags {
            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
            draw(&mut surface, frag, &regular, &bold);
            surface.end_tagged();
            ids.push(Some(id));
        }
        frag_ids.push(ids);
        for frag in footer(layout, info, n, total) {
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                ArtifactType::PaginationOther,
            )));
            draw(&mut surface, &frag, &regular, &bold);
            surface.end_tagged();
        }
        surface.finish();
        pdf_page.finish();
    }
    let mut tree = TagTree::new().with_lang(Some(info.language.to_string()));
    let mut ids = Ids {
        frags: frag_ids,
        links: link_ids,
    };
    for &root in &layout.roots {
        if let Some(node) = tag_node(layout, root, &mut ids) {
            tree.push(node);
        }
    }
    document.set_tag_tree(tree);
    document.set_outline(outline(layout));
    document.set_metadata(
        Metadata::new()
            .title(info.title.to_string())
            .description(info.subject.to_string())
            .language(info.language.to_string())
            .creator("rapport".to_string())
            .producer("rapport (krilla)".to_string()),
    );
    document
        .finish()
        .map_err(|e| GuideError::Pdf(format!("{e:?}")))
}

struct Ids {
    frags: Vec<Vec<Option<Identifier>>>,
    links: Vec<Vec<Option<Identifier>>>,
}

/// The tag group for a structure element; each identifier is taken once.
fn tag_node(layout: &Layout<'_>, index: usize, ids: &mut Ids) -> Option<TagNode> {
    let node = &layout.nodes[index];
    let mut children = Vec::new();
    for child in &node.children {
        let taken = match *child {
            Child::Node(i) => tag_node(layout, i, ids),
            Child::Frag(p, f) => ids.frags.get_mut(p)?.get_mut(f)?.take().map(TagNode::from),
            Child::Link(p, l) => ids.links.get_mut(p)?.get_mut(l)?.take().map(TagNode::from),
        };
        children.extend(taken);
    }
    if children.is_empty() {
        return None;
    }
    let tag: TagKind = match &node.kind {
        Kind::Sect => Tag::Section.into(),
        Kind::Toc => Tag::TOC.into(),
        Kind::TocItem => Tag::TOCI.into(),
        Kind::Link => Tag::Link.into(),
        Kind::Heading(level, title) => Tag::Hn(
            NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN),
            Some(title.clone()),
        )
        .into(),
        Kind::Paragraph => Tag::P.into(),
        Kind::List => Tag::L(ListNumbering::None).into(),
        Kind::Item => Tag::LI.into(),
        Kind::Label => Tag::Lbl.into(),
        Kind::Body => Tag::LBody.into(),
        Kind::Strong => Tag::Strong.into(),
    };
    Some(TagGroup::with_children(tag, children).into())
}

/// The outline: entries at level 0, each with the level-1 entries after it.
fn outline(layout: &Layout<'_>) -> Outline {
    let mut outline = Outline::new();
    let mut open: Option<OutlineNode> = None;
    for mark in &layout.outline {
        let node = OutlineNode::new(
            mark.title.clone(),
            XyzDestination::new(mark.page, Point::from_xy(0.0, mark.y)),
        );
        if mark.level == 0 {
            if let Some(done) = open.take() {
                outline.push_child(done);
            }
            open = Some(node);
        } else if let Some(parent) = open.as_mut() {
            parent.push_child(node);
        } else {
            outline.push_child(node);
        }
    }
    if let Some(done) = open {
        outline.push_child(done);
    }
    outline
}

/// The footer: the guide's name at the left, "Page N of M" at the right.
fn footer(layout: &Layout<'_>, info: &Info<'_>, n: usize, total: usize) -> [Frag; 2] {
    const SIZE: f32 = 8.5;
    const GREY: Rgb = (110, 116, 124);
    let y = PAGE_HEIGHT - 40.0;
    let number = format!("Page {} of {total}", n + 1);
    let x = PAGE_WIDTH - super::layout::MARGIN_X - layout.width(&number, false, SIZE);
    [
        Frag {
            x: super::layout::MARGIN_X,
            y,
            size: SIZE,
            bold: false,
            color: GREY,
            text: info.footer.to_string(),
        },
        Frag {
            x,
            y,
            size: SIZE,
            bold: false,
            color: GREY,
            text: number,
        },
    ]
}

fn fill(surface: &mut Surface<'_>, (r, g, b): Rgb) {
    surface.set_fill(Some(Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
}

fn draw(surface: &mut Surface<'_>, frag: &Frag, regular: &Font, bold: &Font) {
    fill(surface, frag.color);
    let font = if frag.bold { bold } else { regular };
    surface.draw_text(
        Point::from_xy(frag.x, frag.y),
        font.clone(),
        frag.size,
        &frag.text,
        false,
        TextDirection::Auto,
    );
}
