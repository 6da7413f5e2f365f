//! Pictures drawn on the server as SVG: no script, no images to fetch
//! (except the map, which is also its own address). Every picture has a
//! title and a description, and the page around it gives the same facts as
//! text or a table, so a screen reader loses nothing.
//!
//! Hand-built rather than a plotting crate: the pictures are small, need
//! `<title>`/`<desc>` and ARIA that plotting crates do not write, and the
//! whole module is shorter than the glue one would need.

mod charts;
mod insights;
mod map;

pub use charts::{avatar, balance, dots, progress, range_bar, trend};
pub use insights::{MapTeam, team_map, weekly};
pub use map::{MapPerson, relationship_map};

use std::fmt::Write;

/// Colours that stay apart for colour-blind eyes (Okabe and Ito), dark
/// enough for text on white or white text on them.
pub const PALETTE: [&str; 6] = [
    "#0b6fb0", "#b35900", "#00785a", "#a34f82", "#2d7fa8", "#b3401a",
];
/// For people in no team.
pub const NO_TEAM: &str = "#5f6878";

/// Text made safe for SVG (XML) content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An SVG picture being written: the opening tag with its accessible name
/// and description, then whatever is added, then the close.
pub struct Svg {
    out: String,
}

impl Svg {
    /// `id` makes the title and description ids unique on a page.
    pub fn new(id: &str, width: f64, height: f64, title: &str, desc: &str) -> Svg {
        let mut out = String::with_capacity(1024);
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{id}-t {id}-d" class="picture"><title id="{id}-t">{t}</title><desc id="{id}-d">{d}</desc>"#,
            w = num(width),
            h = num(height),
            id = escape(id),
            t = escape(title),
            d = escape(desc),
        );
        Svg { out }
    }

    /// Adds markup the caller built (and escaped) itself.
    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    /// Adds a rectangle.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str) -> &mut Self {
        let _ = write!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0)),
            escape(fill)
        );
        self
    }

    /// Adds text; `anchor` is start, middle or end.
    pub fn text(
        &mut self,
        x: f64,
        y: f64,
        size: f64,
        anchor: &str,
        fill: &str,
        text: &str,
    ) -> &mut Self {
        let _ = write!(
            self.out,
            r#"<text x="{}" y="{}" font-size="{}" text-anchor="{}" fill="{}" font-family="system-ui, sans-serif">{}</text>"#,
            num(x),
            num(y),
            num(size),
            anchor,
            escape(fill),
            escape(text)
        );
        self
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// A number as SVG wants it: short, and never NaN.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// Initials of a name: "Ana María López" → "AL"; one letter for one word.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = |w: &str| {
        w.chars()
            .next()
            .map(|c| c.to_uppercase().collect::<String>())
    };
    match words.as_slice() {
        [] => "?".into(),
        [one] => first(one).unwrap_or_default(),
        [a, .., z] => format!(
            "{}{}",
            first(a).unwrap_or_default(),
            first(z).unwrap_or_default()
        ),
    }
}

/// A steady colour for a key (an id): the same person always gets the same.
pub fn colour_of(key: &[u8]) -> &'static str {
    // FNV-1a: tiny and stable across builds, unlike the std hasher.
    let mut h: u32 = 0x811c_9dc5;
    for b in key {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    PALETTE[h as usize % PALETTE.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_everywhere() {
        let svg = Svg::new("x\"", 10.0, 10.0, "<b>&", "'q'").finish();
        assert!(svg.contains("&lt;b&gt;&amp;"));
        assert!(svg.contains("&#39;q&#39;"));
        assert!(svg.contains("x&quot;-t"));
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn initials_take_the_first_and_last_word() {
        assert_eq!(initials("Ana María López"), "AL");
        assert_eq!(initials("mo"), "M");
        assert_eq!(initials("  "), "?");
        assert_eq!(initials("Émile Zola"), "ÉZ");
    }

    #[test]
    fn numbers_are_short_and_never_nan() {
        assert_eq!(num(3.0), "3");
        assert_eq!(num(2.25), "2.2");
        assert_eq!(num(f64::NAN), "0");
    }
}
