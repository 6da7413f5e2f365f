//! The guide's fonts, compiled in: DejaVu Sans and DejaVu Sans Bold
//! (Bitstream Vera licence with public-domain DejaVu changes, see
//! `assets/fonts/LICENSE`). They cover Latin, Greek and Cyrillic, so a
//! course in any of them prints as written; krilla embeds the subset of
//! glyphs the guide uses. The widths here are shaped from the same files
//! with the same shaper, so line breaking measures exactly what is drawn.

use std::cell::RefCell;
use std::collections::HashMap;

use rustybuzz::{Direction, Face, Script, ShapePlan, UnicodeBuffer};

pub(super) const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
pub(super) const BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Text widths in both faces, shaped as krilla shapes them. Shaping plans
/// and the widths of words already measured are kept: line breaking asks
/// for the same words again and again.
pub(super) struct Metrics<'a> {
    regular: Face<'a>,
    bold: Face<'a>,
    plans: RefCell<Vec<(bool, Direction, Script, ShapePlan)>>,
    /// Width per em, by face (bold?) and text.
    widths: RefCell<HashMap<(bool, String), f32>>,
}

impl Metrics<'static> {
    /// The metrics of the compiled-in fonts; `None` only if those files
    /// were not fonts, which the guide's tests rule out.
    pub(super) fn new() -> Option<Self> {
        Some(Metrics {
            regular: Face::from_slice(REGULAR, 0)?,
            bold: Face::from_slice(BOLD, 0)?,
            plans: RefCell::default(),
            widths: RefCell::default(),
        })
    }
}

impl Metrics<'_> {
    /// The width of `text` at `size` points; a character the font lacks
    /// is measured as its `.notdef` box, which is what a reader then shows.
    pub(super) fn width(&self, text: &str, bold: bool, size: f32) -> f32 {
        let key = (bold, text.to_string());
        if let Some(em) = self.widths.borrow().get(&key) {
            return em * size;
        }
        let face = if bold { &self.bold } else { &self.regular };
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let (direction, script) = (buffer.direction(), buffer.script());
        let mut plans = self.plans.borrow_mut();
        let index = match plans
            .iter()
            .position(|(b, d, s, _)| *b == bold && *d == direction && *s == script)
        {
            Some(i) => i,
            None => {
                let plan = ShapePlan::new(face, direction, Some(script), None, &[]);
                plans.push((bold, direction, script, plan));
                plans.len() - 1
            }
        };
        let shaped = rustybuzz::shape_with_plan(face, &plans[index].3, buffer);
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        let em = units as f32 / face.units_per_em() as f32;
        self.widths.borrow_mut().insert(key, em);
        em * size
    }

    /// Whether the regular face has a glyph for every character of `text`.
    #[cfg(test)]
    pub(super) fn covers(&self, text: &str) -> bool {
        text.chars()
            .all(|c| c.is_whitespace() || self.regular.glyph_index(c).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fonts_measure_and_cover_greek_and_cyrillic() {
        let m = Metrics::new().expect("the compiled-in fonts parse");
        assert!(m.covers("Trust — “Εμπιστοσύνη” и доверие ☐ •"));
        let regular = m.width("Hello", false, 10.0);
        assert!(regular > 20.0 && regular < 40.0, "{regular}");
        assert!(m.width("Hello", true, 10.0) > regular);
        assert!((m.width("HelloHello", false, 10.0) - 2.0 * regular).abs() < 0.5);
    }
}
